"""The package's version, from the spec's info.version. Generated; do not edit."""

VERSION = "1.0.0"
