from assistants.models.health import HealthPing
from assistants.models.organizations import Membership, Organization, Role

__all__ = ["HealthPing", "Membership", "Organization", "Role"]
