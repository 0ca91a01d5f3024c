from .entities import Area, Entity, Place, PlaceName, TransformationType
from .pages import (
    ArticleIndexPage,
    ArticlePage,
    HomePage,
    ProjectIndexPage,
    StandardPage,
)
from .project import ProjectContact, ProjectEntity, ProjectPage, ProjectPageTag

__all__ = [
    "Area",
    "ArticleIndexPage",
    "ArticlePage",
    "Entity",
    "HomePage",
    "Place",
    "PlaceName",
    "ProjectContact",
    "ProjectEntity",
    "ProjectIndexPage",
    "ProjectPage",
    "ProjectPageTag",
    "StandardPage",
    "TransformationType",
]
