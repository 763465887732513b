"""Turns spec/openapi.yaml into the generated x_engagement package."""
