"""Papers a community files or a trainer hands out: a document written once as plain blocks
(:mod:`.blocks`), rendered as Word (:mod:`.word`), printable HTML (:mod:`.printable`) or PDF
(:mod:`.pdf`); the consultation record (协商记录, :mod:`.record`) is built from a run."""

from .blocks import Break, Card, Document, Fields, Heading, Items, Paragraph, Table
from .output import FORMATS, save
from .record import consultation_record

__all__ = ["Break", "Card", "Document", "Fields", "Heading", "Items", "Paragraph", "Table", "FORMATS", "save", "consultation_record"]
