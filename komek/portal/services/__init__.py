"""The citizen portal's writes: sign-in codes, online applications, contact corrections, consents."""
