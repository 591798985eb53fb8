//! The OpenAPI 3.1 document. Paths come from the handlers themselves (each
//! registered together with its `#[utoipa::path]`); this module adds what is
//! common to all: info, the bearer scheme, and the error responses every
//! operation can give.

use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Document, Ref, RefOr, ResponseBuilder};
use utoipa::OpenApi;

use crate::http::problem::{FieldError, Problem};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Gridlink API",
        description = "Gridlink (网格连心): party-building-led grid governance and community service.\n\n\
            Errors are `application/problem+json` (RFC 9457) with a stable `code`; lists answer \
            `{items, total, page, page_size}`; every query is cut to the caller's home area subtree. \
            See the repository's `docs/api.md`.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
        version = env!("CARGO_PKG_VERSION"),
    ),
    servers((url = "/", description = "This server")),
    components(schemas(Problem, FieldError)),
    tags(
        (name = "auth", description = "Sign-in, tokens, the caller"),
        (name = "areas", description = "The area tree: district → street → community → grid → building"),
        (name = "users", description = "Accounts and their roles and home areas"),
        (name = "audit", description = "The audit trail"),
        (name = "units", description = "Joint-building units (共建单位)"),
        (name = "party-orgs", description = "Party organisations (党组织): committees, branches, groups, and grid coverage"),
        (name = "agreements", description = "Co-building agreements (共建协议) between units and communities"),
        (name = "resources", description = "Resources units offer (资源清单), and the party-building supermarket's shelf (党建超市)"),
        (name = "needs", description = "Needs of communities and grids (需求清单) and their ranked matches"),
        (name = "services", description = "Services (服务清单): matched needs and shelf orders, from order to rating"),
        (name = "volunteers", description = "Volunteers (志愿者) and in-service party members: profiles, self-registration, approval; identity numbers sealed and masked"),
        (name = "projects", description = "Volunteer projects (志愿服务项目) and their shifts"),
        (name = "enrollments", description = "Sign-ups (报名) to shifts: places, waitlist, approval, withdrawal"),
        (name = "service-records", description = "Service records (志愿服务记录): confirmed volunteer hours, adjustments, totals, the hours ledger"),
        (name = "certificates", description = "Hours certificates (志愿服务证明) and their public check"),
        (name = "households", description = "Households in difficulty (困难家庭): the assistance ledger, sealed personal data and its audited reveal, archiving and erasure"),
        (name = "pairings", description = "Assistance pairings (结对帮扶) of helpers with households, their visits (走访) and photos, the overdue list"),
        (name = "wishes", description = "Micro-wishes (微心愿) of households, claimed and fulfilled by helpers"),
        (name = "me", description = "The signed-in volunteer's own profile, sign-ups, hours and certificates (mobile app)"),
        (name = "health", description = "Liveness and readiness"),
    )
)]
pub struct ApiDoc;

/// Shared error responses: (status, component name, description).
const COMMON: &[(&str, &str, &str)] = &[
    ("400", "MalformedRequest", "Malformed JSON or query string"),
    ("401", "Unauthenticated", "Missing, invalid or expired access token"),
    ("403", "Forbidden", "The role lacks the permission, or a temporary password must be changed first"),
    ("413", "PayloadTooLarge", "Body over 1 MiB"),
    ("415", "UnsupportedMediaType", "Body is not application/json"),
    ("422", "ValidationFailed", "Invalid fields; `errors` names each"),
    ("503", "ServiceUnavailable", "The database is unavailable"),
];

fn problem_response(description: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
        )
        .build()
}

fn add_common(op: &mut Operation) {
    // Public operations carry one empty requirement (`security: [{}]`).
    let secured = op.security.as_ref().is_some_and(|list| {
        list.iter().any(|req| serde_json::to_value(req).is_ok_and(|v| v.as_object().is_some_and(|o| !o.is_empty())))
    });
    let has_body = op.request_body.is_some();
    for (status, name, _) in COMMON {
        let applies = match *status {
            "401" | "403" => secured,
            "413" | "415" => has_body,
            "422" => has_body || op.parameters.as_ref().is_some_and(|p| !p.is_empty()),
            _ => true,
        };
        if applies && !op.responses.responses.contains_key(*status) {
            op.responses
                .responses
                .insert(status.to_string(), RefOr::Ref(Ref::new(format!("#/components/responses/{name}"))));
        }
    }
}

/// Completes the document collected from the routes.
pub fn finish(mut doc: Document) -> Document {
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
    );
    for (_, name, description) in COMMON {
        components.responses.insert(name.to_string(), RefOr::T(problem_response(description)));
    }
    for item in doc.paths.paths.values_mut() {
        for op in
            [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten()
        {
            add_common(op);
        }
    }
    doc
}
