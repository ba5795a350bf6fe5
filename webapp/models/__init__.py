"""Every model, imported here so Alembic and the app see the whole schema."""

from webapp.models.accounts import Invitation, User, UserRole, UserSession
from webapp.models.audit import AuditEvent
from webapp.models.base import Base, utcnow
from webapp.models.campaigns import (
    PUBLIC_CASE_STATUSES,
    Case,
    CasePhoto,
    CaseStatus,
    IssueArea,
    ShareImage,
    Target,
)
from webapp.models.classrooms import (
    AgeBand,
    ClassPrintJob,
    Classroom,
    ClassroomStatus,
    ClassroomTally,
    Student,
    TallyReview,
)
from webapp.models.jobs import JobStatus, PdfJob
from webapp.models.letters import (
    WRITTEN_STATUSES,
    Letter,
    LetterDocument,
    LetterKind,
    LetterStatus,
    LetterTemplate,
    PaperSize,
)
from webapp.models.mailings import (
    ALL_CASES,
    EmailSuppression,
    MailingStatus,
    RecipientStatus,
    SuppressionReason,
    UpdateMailing,
    UpdateRecipient,
    case_scope,
)
from webapp.models.outbox import OutboxMessage, OutboxStatus
from webapp.models.petitions import (
    DeliveryPack,
    Petition,
    PetitionCountShard,
    PetitionStatus,
    Signature,
    SignatureDailyCount,
    SignatureStatus,
)
from webapp.models.translations import (
    CaseTranslation,
    IssueAreaTranslation,
    PetitionTranslation,
    TargetTranslation,
)
from webapp.models.updates import CaseUpdate, CaseUpdateText, UpdateKind

__all__ = [
    "CaseTranslation",
    "IssueAreaTranslation",
    "PetitionTranslation",
    "TargetTranslation",
    "ShareImage",
    "ALL_CASES",
    "EmailSuppression",
    "MailingStatus",
    "RecipientStatus",
    "SuppressionReason",
    "UpdateMailing",
    "UpdateRecipient",
    "case_scope",
    "CaseUpdate",
    "CaseUpdateText",
    "UpdateKind",
    "PUBLIC_CASE_STATUSES",
    "AgeBand",
    "AuditEvent",
    "Invitation",
    "ClassPrintJob",
    "Classroom",
    "ClassroomStatus",
    "ClassroomTally",
    "TallyReview",
    "DeliveryPack",
    "Student",
    "User",
    "UserRole",
    "UserSession",
    "Base",
    "Case",
    "CasePhoto",
    "CaseStatus",
    "IssueArea",
    "JobStatus",
    "Letter",
    "LetterDocument",
    "LetterKind",
    "LetterStatus",
    "LetterTemplate",
    "OutboxMessage",
    "OutboxStatus",
    "PaperSize",
    "PdfJob",
    "Petition",
    "PetitionCountShard",
    "PetitionStatus",
    "Signature",
    "SignatureDailyCount",
    "SignatureStatus",
    "Target",
    "WRITTEN_STATUSES",
    "utcnow",
]
