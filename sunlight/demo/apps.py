from sunlight.modules import ModuleConfig


class DemoConfig(ModuleConfig):
    name = "sunlight.demo"
    label = "demo"
    layer = "door"
