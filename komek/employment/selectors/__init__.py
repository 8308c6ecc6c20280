"""Every read of the employment centre, scoped through the access policy; reads of persons are audited."""
