"""Models of this app arrive with its issue; every one of them is a TenantModel."""
