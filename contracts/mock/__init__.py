"""The mock server of both variants; `create_app(MockConfig(...))` gives an ASGI app."""

from contracts.mock.app import create_app
from contracts.mock.clock import MockClock
from contracts.mock.config import Credentials, Fault, MockConfig, RateLimit

__all__ = ["Credentials", "Fault", "MockClock", "MockConfig", "RateLimit", "create_app"]
