"""Shipped scenarios (YAML). A package only so that they install with the kit."""
