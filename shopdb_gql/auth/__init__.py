"""Authentication (passwords, JWTs, refresh and API tokens) and authorization."""
