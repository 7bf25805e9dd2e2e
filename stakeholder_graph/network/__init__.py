"""Network layers of an organisation (formal and nomination layers)."""

from .formal_informal import sought_out_beyond_line
from .orgnetwork import FORMAL, OrgNetwork, build_network

__all__ = ["OrgNetwork", "build_network", "FORMAL", "sought_out_beyond_line"]
