from .entities import Area, Entity, Place, TransformationType
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
    "ProjectContact",
    "ProjectEntity",
    "ProjectIndexPage",
    "ProjectPage",
    "ProjectPageTag",
    "StandardPage",
    "TransformationType",
]
