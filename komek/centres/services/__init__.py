"""Every write of the centres: a centre, a person's registration, a service given, an event."""

from komek.centres.services.centres import centre_create, event_record, person_register, service_record

__all__ = ["centre_create", "event_record", "person_register", "service_record"]
