"""Deployment checks that need no Docker engine: compose.yml and the Dockerfile."""
