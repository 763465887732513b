"""The package's version, from the spec's info.version. Generated; do not edit."""

VERSION = "0.0.1-odd"
