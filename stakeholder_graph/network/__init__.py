"""Network layers of an organisation (formal and nomination layers)."""

from .orgnetwork import FORMAL, OrgNetwork, build_network

__all__ = ["OrgNetwork", "build_network", "FORMAL"]
