"""SQLModel tables, one aggregate per module; importing this registers them all."""
from sqlmodel import SQLModel

# Named constraints so that migrations can drop them (SQLite batch mode needs names).
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

from logistics.models.attachments import Attachment, AttachmentContent  # noqa: E402
from logistics.models.audit import AuditEntry  # noqa: E402
from logistics.models.documents import DocumentPrint  # noqa: E402
from logistics.models.items import Item, ItemPack  # noqa: E402
from logistics.models.notifications import (  # noqa: E402
    Notification,
    NotificationPreference,
    OverdueNotice,
    ShipmentFollow,
)
from logistics.models.organizations import Organization  # noqa: E402
from logistics.models.packages import Package, PackageContent, PackageType, SsccCounter  # noqa: E402
from logistics.models.shipments import Shipment, ShipmentEvent, ShipmentLine  # noqa: E402
from logistics.models.users import ApiToken, LoginThrottle, User, WebSession  # noqa: E402

metadata = SQLModel.metadata

__all__ = ["ApiToken", "Attachment", "AttachmentContent", "AuditEntry", "DocumentPrint", "Item", "ItemPack",
           "LoginThrottle", "Notification", "NotificationPreference",
           "Organization", "OverdueNotice", "Package", "PackageContent", "PackageType", "Shipment",
           "ShipmentEvent", "ShipmentFollow", "ShipmentLine", "SsccCounter", "User", "WebSession", "metadata"]
