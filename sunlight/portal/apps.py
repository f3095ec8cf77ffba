from sunlight.modules import ModuleConfig


class PortalConfig(ModuleConfig):
    name = "sunlight.portal"
    label = "portal"
    layer = "door"
