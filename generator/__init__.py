"""sdkgen: generate a typed Python SDK and its reference docs from an OpenAPI document."""

__version__ = "0.1.0"
