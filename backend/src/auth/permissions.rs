//! Roles and the one table that maps them to permissions.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An account's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// System administrator (系统管理员); with no home area, the whole system.
    Admin,
    /// District, street or community administrator (区/街道/社区管理员).
    AreaAdmin,
    /// Grid worker, grid leader or building head (网格员).
    GridWorker,
    /// Contact person of a joint-building unit (共建单位联系人).
    UnitContact,
    /// Volunteer or in-service party member (志愿者/在职党员).
    Volunteer,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Admin, Role::AreaAdmin, Role::GridWorker, Role::UnitContact, Role::Volunteer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::AreaAdmin => "area_admin",
            Role::GridWorker => "grid_worker",
            Role::UnitContact => "unit_contact",
            Role::Volunteer => "volunteer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn permissions(self) -> &'static [Permission] {
        ROLE_PERMISSIONS.iter().find(|(role, _)| *role == self).map(|(_, p)| *p).unwrap_or(&[])
    }

    pub fn has(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }
}

/// What an endpoint requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    #[serde(rename = "areas.read")]
    AreasRead,
    #[serde(rename = "areas.write")]
    AreasWrite,
    #[serde(rename = "users.read")]
    UsersRead,
    #[serde(rename = "users.write")]
    UsersWrite,
    /// Grant the admin role.
    #[serde(rename = "users.grant_admin")]
    UsersGrantAdmin,
    #[serde(rename = "audit.read")]
    AuditRead,
    #[serde(rename = "units.read")]
    UnitsRead,
    /// Create units and change any field of those in reach.
    #[serde(rename = "units.write")]
    UnitsWrite,
    /// A unit contact edits the profile of their own unit.
    #[serde(rename = "units.write_own")]
    UnitsWriteOwn,
    #[serde(rename = "party_orgs.read")]
    PartyOrgsRead,
    #[serde(rename = "party_orgs.write")]
    PartyOrgsWrite,
    #[serde(rename = "agreements.read")]
    AgreementsRead,
    #[serde(rename = "agreements.write")]
    AgreementsWrite,
    #[serde(rename = "resources.read")]
    ResourcesRead,
    /// Offer and change resources of the units in reach.
    #[serde(rename = "resources.write")]
    ResourcesWrite,
    /// A unit contact offers and changes their own unit's resources.
    #[serde(rename = "resources.write_own")]
    ResourcesWriteOwn,
    #[serde(rename = "needs.read")]
    NeedsRead,
    /// Raise, edit and close needs in reach.
    #[serde(rename = "needs.write")]
    NeedsWrite,
    #[serde(rename = "services.read")]
    ServicesRead,
    /// The community side: propose a match, order a shelf item, see ranked
    /// matches, cancel an order of one's own area.
    #[serde(rename = "services.order")]
    ServicesOrder,
    /// The unit side: accept, decline, start, deliver, cancel.
    #[serde(rename = "services.fulfil")]
    ServicesFulfil,
    /// Rate a delivered service for the ordering community.
    #[serde(rename = "services.rate")]
    ServicesRate,
    #[serde(rename = "volunteers.read")]
    VolunteersRead,
    /// Enter and edit volunteers in reach; approve or reject registrations.
    #[serde(rename = "volunteers.write")]
    VolunteersWrite,
    /// Read a volunteer's identity number unmasked; each read is audited.
    #[serde(rename = "volunteers.reveal_id")]
    VolunteersRevealId,
    #[serde(rename = "projects.read")]
    ProjectsRead,
    /// Organise projects and shifts in reach; enrol volunteers, decide sign-ups.
    /// A unit contact: the projects their own unit organises.
    #[serde(rename = "projects.write")]
    ProjectsWrite,
    /// Check volunteers in and out on the spot (organisers and grid workers).
    #[serde(rename = "enrollments.check_in")]
    EnrollmentsCheckIn,
    /// A volunteer account: their own profile, sign-ups, hours and
    /// certificates (`/me`), and certificates of their own hours.
    #[serde(rename = "enrollments.self")]
    EnrollmentsSelf,
    /// List sign-ups in reach (`GET /enrollments`, sync for portals).
    #[serde(rename = "enrollments.read")]
    EnrollmentsRead,
    /// Read service records, hour totals and certificates in reach.
    #[serde(rename = "records.read")]
    RecordsRead,
    /// Issue hours certificates (志愿服务证明) to volunteers in reach.
    #[serde(rename = "certificates.issue")]
    CertificatesIssue,
    /// The household ledger of the subtree, sensitive fields masked; pairings,
    /// visits and wishes in it.
    #[serde(rename = "households.read")]
    HouseholdsRead,
    /// Enter and edit households and wishes in reach, archive them, record visits.
    #[serde(rename = "households.write")]
    HouseholdsWrite,
    /// Read a household's identity number, phone and situation in full, and
    /// export one household's data; each read is audited with its reason.
    #[serde(rename = "households.reveal")]
    HouseholdsReveal,
    /// Erase archived households whose retention period has passed, now.
    #[serde(rename = "households.erase")]
    HouseholdsErase,
    /// Pair helpers with households, change and end pairings.
    #[serde(rename = "pairings.write")]
    PairingsWrite,
    /// A helper (unit contact or volunteer): their own pairings and the
    /// households in them, visits on them, the wish board of their area.
    #[serde(rename = "pairings.self")]
    PairingsSelf,
}

use Permission::*;

/// The role → permission table. Data scope (which areas) is separate: every
/// query is cut to the caller's home area subtree.
pub const ROLE_PERMISSIONS: &[(Role, &[Permission])] = &[
    (
        Role::Admin,
        &[
            AreasRead,
            AreasWrite,
            UsersRead,
            UsersWrite,
            UsersGrantAdmin,
            AuditRead,
            UnitsRead,
            UnitsWrite,
            PartyOrgsRead,
            PartyOrgsWrite,
            AgreementsRead,
            AgreementsWrite,
            ResourcesRead,
            ResourcesWrite,
            NeedsRead,
            NeedsWrite,
            ServicesRead,
            ServicesOrder,
            ServicesFulfil,
            ServicesRate,
            VolunteersRead,
            VolunteersWrite,
            VolunteersRevealId,
            ProjectsRead,
            ProjectsWrite,
            EnrollmentsCheckIn,
            EnrollmentsRead,
            RecordsRead,
            CertificatesIssue,
            HouseholdsRead,
            HouseholdsWrite,
            HouseholdsReveal,
            HouseholdsErase,
            PairingsWrite,
        ],
    ),
    (
        Role::AreaAdmin,
        &[
            AreasRead,
            AreasWrite,
            UsersRead,
            UsersWrite,
            AuditRead,
            UnitsRead,
            UnitsWrite,
            PartyOrgsRead,
            PartyOrgsWrite,
            AgreementsRead,
            AgreementsWrite,
            ResourcesRead,
            ResourcesWrite,
            NeedsRead,
            NeedsWrite,
            ServicesRead,
            ServicesOrder,
            ServicesFulfil,
            ServicesRate,
            VolunteersRead,
            VolunteersWrite,
            VolunteersRevealId,
            ProjectsRead,
            ProjectsWrite,
            EnrollmentsCheckIn,
            EnrollmentsRead,
            RecordsRead,
            CertificatesIssue,
            HouseholdsRead,
            HouseholdsWrite,
            HouseholdsReveal,
            PairingsWrite,
        ],
    ),
    (
        Role::GridWorker,
        &[
            AreasRead,
            UnitsRead,
            PartyOrgsRead,
            AgreementsRead,
            ResourcesRead,
            NeedsRead,
            NeedsWrite,
            ServicesRead,
            ServicesOrder,
            VolunteersRead,
            ProjectsRead,
            EnrollmentsCheckIn,
            EnrollmentsRead,
            RecordsRead,
            HouseholdsRead,
            HouseholdsWrite,
        ],
    ),
    (
        Role::UnitContact,
        &[
            AreasRead,
            UnitsRead,
            UnitsWriteOwn,
            PartyOrgsRead,
            AgreementsRead,
            ResourcesRead,
            ResourcesWriteOwn,
            NeedsRead,
            ServicesRead,
            ServicesFulfil,
            ProjectsRead,
            ProjectsWrite,
            EnrollmentsCheckIn,
            PairingsSelf,
        ],
    ),
    (
        Role::Volunteer,
        &[AreasRead, UnitsRead, PartyOrgsRead, ResourcesRead, ProjectsRead, EnrollmentsSelf, PairingsSelf],
    ),
];
