"""Bringing a site's inventory in from other systems (``shopdb import legacy``)."""
