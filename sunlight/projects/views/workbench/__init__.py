"""Staff pages of parallel approval (并联审批): the stage queue, a stage with its departments' cases and acts, a
project's stages and timeline, the city's pathways, and the construction window's registration and filing.
Every page is scoped by sunlight.projects.queries (staff_applications / staff_projects)."""

from .pages import project, project_list
from .setup import file_stage, install, pathways, register, stage_item
from .stage import act, answer, material_file, stage

__all__ = [
    "act",
    "answer",
    "file_stage",
    "install",
    "material_file",
    "pathways",
    "project",
    "project_list",
    "register",
    "stage",
    "stage_item",
]
