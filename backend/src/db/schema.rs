//! The portable schema: the same tables on SQLite and PostgreSQL
//! (`migrations/sqlite` and `migrations/postgres` create them).

diesel::table! {
    /// 区域: district → street/town → community → grid → building.
    areas (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        kind -> Text,
        parent_id -> Nullable<BigInt>,
        /// Materialised path of ids, `/1/5/23/`: a subtree is one index range.
        path -> Text,
        depth -> Integer,
        households -> Nullable<Integer>,
        population -> Nullable<Integer>,
        leader_name -> Nullable<Text>,
        leader_phone -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        username -> Text,
        display_name -> Text,
        phone -> Nullable<Text>,
        role -> Text,
        area_id -> Nullable<BigInt>,
        status -> Text,
        password_hash -> Text,
        must_change_password -> Bool,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        last_login_at -> Nullable<Timestamp>,
        password_changed_at -> Timestamp,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        /// A unit contact's joint-building unit.
        unit_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        family -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<BigInt>,
        actor_username -> Nullable<Text>,
        actor_role -> Nullable<Text>,
        action -> Text,
        entity -> Text,
        entity_id -> Nullable<BigInt>,
        area_path -> Nullable<Text>,
        changes -> Nullable<Text>,
        client_ip -> Nullable<Text>,
        request_id -> Nullable<Text>,
    }
}

diesel::table! {
    /// 共建单位: an office, firm, hospital or school stationed in the area.
    units (id) {
        id -> BigInt,
        name -> Text,
        kind -> Text,
        credit_code -> Text,
        contact_name -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        address -> Nullable<Text>,
        area_id -> BigInt,
        party_member_count -> Integer,
        commitment -> Nullable<Text>,
        commitment_phone -> Nullable<Text>,
        status -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    unit_grids (unit_id, area_id) {
        unit_id -> BigInt,
        area_id -> BigInt,
    }
}

diesel::table! {
    /// 党组织: committee, general branch, branch or group.
    party_orgs (id) {
        id -> BigInt,
        name -> Text,
        kind -> Text,
        parent_id -> Nullable<BigInt>,
        area_id -> BigInt,
        unit_id -> Nullable<BigInt>,
        secretary -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        member_count -> Integer,
        founded_on -> Nullable<Date>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// 共建协议: a unit and a community.
    agreements (id) {
        id -> BigInt,
        unit_id -> BigInt,
        community_id -> BigInt,
        starts_on -> Date,
        ends_on -> Date,
        signed_on -> Nullable<Date>,
        unit_duties -> Nullable<Text>,
        community_duties -> Nullable<Text>,
        status -> Text,
        termination_reason -> Nullable<Text>,
        renewed_from_id -> Nullable<BigInt>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// 兼职委员 named in an agreement.
    agreement_members (id) {
        id -> BigInt,
        agreement_id -> BigInt,
        name -> Text,
        post -> Nullable<Text>,
        phone -> Nullable<Text>,
    }
}

diesel::table! {
    /// 资源清单: what a unit offers.
    resources (id) {
        id -> BigInt,
        unit_id -> BigInt,
        category -> Text,
        title -> Text,
        description -> Nullable<Text>,
        quantity -> Nullable<Integer>,
        reserved -> Integer,
        measure -> Nullable<Text>,
        /// JSON text; see `resources::dto::Availability`.
        availability -> Text,
        contact_name -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        status -> Text,
        shelf -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    resource_areas (resource_id, area_id) {
        resource_id -> BigInt,
        area_id -> BigInt,
    }
}

diesel::table! {
    /// 需求清单: what residents of a community or grid need.
    needs (id) {
        id -> BigInt,
        area_id -> BigInt,
        category -> Text,
        title -> Text,
        description -> Nullable<Text>,
        beneficiary_count -> Nullable<Integer>,
        beneficiaries -> Nullable<Text>,
        urgency -> Text,
        wanted_by -> Nullable<Date>,
        raised_by -> BigInt,
        status -> Text,
        close_reason -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// 服务清单: a need matched to a resource, or a shelf item ordered.
    services (id) {
        id -> BigInt,
        kind -> Text,
        need_id -> Nullable<BigInt>,
        resource_id -> BigInt,
        unit_id -> BigInt,
        area_id -> BigInt,
        quantity -> Integer,
        wanted_by -> Nullable<Date>,
        note -> Nullable<Text>,
        status -> Text,
        reason -> Nullable<Text>,
        delivered_on -> Nullable<Date>,
        participants -> Nullable<Integer>,
        beneficiaries_reached -> Nullable<Integer>,
        delivery_notes -> Nullable<Text>,
        /// JSON array of URLs.
        photo_urls -> Nullable<Text>,
        rating -> Nullable<Integer>,
        rating_comment -> Nullable<Text>,
        rated_at -> Nullable<Timestamp>,
        ordered_by -> BigInt,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// The timeline of a service: one row per transition.
    service_events (id) {
        id -> BigInt,
        service_id -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<BigInt>,
        actor_name -> Nullable<Text>,
        action -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    /// What a unit's services so far say about it, as counters kept by
    /// every status change (services::record).
    unit_service_records (unit_id) {
        unit_id -> BigInt,
        taken -> BigInt,
        declined -> BigInt,
        rating_sum -> BigInt,
        ratings -> BigInt,
    }
}

diesel::table! {
    /// 志愿者: a person who volunteers; the identity number only sealed.
    volunteers (id) {
        id -> BigInt,
        volunteer_no -> Text,
        name -> Text,
        phone -> Text,
        id_number_sealed -> Nullable<Text>,
        id_number_hash -> Nullable<Text>,
        id_number_masked -> Nullable<Text>,
        political_status -> Text,
        in_service -> Bool,
        work_unit_id -> Nullable<BigInt>,
        work_unit_name -> Nullable<Text>,
        area_id -> BigInt,
        /// JSON array of strings.
        skills -> Text,
        status -> Text,
        reject_reason -> Nullable<Text>,
        user_id -> Nullable<BigInt>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// 志愿服务项目
    volunteer_projects (id) {
        id -> BigInt,
        title -> Text,
        category -> Text,
        organiser_kind -> Text,
        organiser_unit_id -> Nullable<BigInt>,
        organiser_party_org_id -> Nullable<BigInt>,
        area_id -> BigInt,
        place -> Nullable<Text>,
        description -> Nullable<Text>,
        requirements -> Nullable<Text>,
        approval_mode -> Text,
        status -> Text,
        cancel_reason -> Nullable<Text>,
        created_by -> BigInt,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// A shift (班次) of a project: a time and a number of places.
    volunteer_shifts (id) {
        id -> BigInt,
        project_id -> BigInt,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        places -> Integer,
        taken -> Integer,
        check_in_code -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// 报名: a volunteer on a shift.
    enrollments (id) {
        id -> BigInt,
        shift_id -> BigInt,
        volunteer_id -> BigInt,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        status -> Text,
        holds_place -> Bool,
        reason -> Nullable<Text>,
        checked_in_at -> Nullable<Timestamp>,
        checked_out_at -> Nullable<Timestamp>,
        minutes -> Nullable<Integer>,
        enrolled_by -> BigInt,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Replayable responses of POSTs sent with an `Idempotency-Key`.
    idempotency_keys (id) {
        id -> BigInt,
        caller -> Text,
        idempotency_key -> Text,
        method -> Text,
        path -> Text,
        request_hash -> Text,
        status -> Integer,
        response_body -> Text,
        response_headers -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// 志愿服务记录: confirmed hours; append-only, corrected by adjustments.
    service_records (id) {
        id -> BigInt,
        kind -> Text,
        volunteer_id -> BigInt,
        project_id -> BigInt,
        enrollment_id -> Nullable<BigInt>,
        area_id -> BigInt,
        volunteer_area_id -> BigInt,
        unit_id -> Nullable<BigInt>,
        service_date -> Date,
        minutes -> Integer,
        content -> Text,
        corrects_id -> Nullable<BigInt>,
        reason -> Nullable<Text>,
        confirmed_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// 志愿服务证明: an hours certificate, checkable by its number and code.
    certificates (id) {
        id -> BigInt,
        certificate_no -> Text,
        check_code -> Text,
        volunteer_id -> BigInt,
        volunteer_name -> Text,
        volunteer_no -> Text,
        area_id -> BigInt,
        period_from -> Date,
        period_to -> Date,
        minutes -> Integer,
        projects -> Text,
        issuer_name -> Text,
        issued_by -> BigInt,
        issued_on -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// 困难家庭: a household in difficulty; identity number, phone and situation sealed.
    households (id) {
        id -> BigInt,
        household_no -> Text,
        head_name -> Text,
        head_id_number_sealed -> Nullable<Text>,
        head_id_number_hash -> Nullable<Text>,
        head_id_number_masked -> Nullable<Text>,
        phone_sealed -> Nullable<Text>,
        phone_masked -> Nullable<Text>,
        situation_sealed -> Nullable<Text>,
        members -> Text,
        area_id -> BigInt,
        address -> Nullable<Text>,
        categories -> Text,
        status -> Text,
        archived_at -> Nullable<Timestamp>,
        erased_at -> Nullable<Timestamp>,
        created_by -> BigInt,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// 结对帮扶: a helper (unit or volunteer) paired with a household.
    pairings (id) {
        id -> BigInt,
        household_id -> BigInt,
        area_id -> BigInt,
        helper_kind -> Text,
        helper_unit_id -> Nullable<BigInt>,
        helper_volunteer_id -> Nullable<BigInt>,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        plan -> Nullable<Text>,
        goals -> Nullable<Text>,
        visit_interval_days -> Integer,
        status -> Text,
        end_reason -> Nullable<Text>,
        last_visit_on -> Nullable<Date>,
        visit_count -> Integer,
        due_on -> Date,
        created_by -> BigInt,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// 走访记录: a helper's visit to a paired household.
    visits (id) {
        id -> BigInt,
        pairing_id -> BigInt,
        household_id -> BigInt,
        visited_on -> Date,
        kind -> Text,
        paperwork -> Nullable<Text>,
        content -> Text,
        outcome -> Nullable<Text>,
        follow_up_on -> Nullable<Date>,
        photo_count -> Integer,
        recorded_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    visit_photos (id) {
        id -> BigInt,
        visit_id -> BigInt,
        content_type -> Text,
        byte_size -> Integer,
        data -> Binary,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// 微心愿: a household's small wish, claimed and fulfilled by a helper.
    wishes (id) {
        id -> BigInt,
        household_id -> BigInt,
        area_id -> BigInt,
        title -> Text,
        description -> Nullable<Text>,
        status -> Text,
        claimer_kind -> Nullable<Text>,
        claimer_unit_id -> Nullable<BigInt>,
        claimer_volunteer_id -> Nullable<BigInt>,
        claimed_at -> Nullable<Timestamp>,
        fulfilled_at -> Nullable<Timestamp>,
        fulfil_note -> Nullable<Text>,
        cancel_reason -> Nullable<Text>,
        created_by -> BigInt,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(users -> areas (area_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(units -> areas (area_id));
diesel::joinable!(party_orgs -> areas (area_id));
diesel::joinable!(agreements -> units (unit_id));
diesel::joinable!(agreements -> areas (community_id));
diesel::joinable!(agreement_members -> agreements (agreement_id));
diesel::joinable!(resources -> units (unit_id));
diesel::joinable!(resource_areas -> resources (resource_id));
diesel::joinable!(resource_areas -> areas (area_id));
diesel::joinable!(needs -> areas (area_id));
diesel::joinable!(services -> areas (area_id));
diesel::joinable!(service_events -> services (service_id));
diesel::joinable!(unit_service_records -> units (unit_id));
diesel::joinable!(volunteers -> areas (area_id));
diesel::joinable!(volunteer_projects -> areas (area_id));
diesel::joinable!(volunteer_shifts -> volunteer_projects (project_id));
diesel::joinable!(enrollments -> volunteer_shifts (shift_id));
diesel::joinable!(enrollments -> volunteers (volunteer_id));
diesel::joinable!(service_records -> volunteers (volunteer_id));
diesel::joinable!(service_records -> volunteer_projects (project_id));
diesel::joinable!(certificates -> volunteers (volunteer_id));
diesel::joinable!(households -> areas (area_id));
diesel::joinable!(pairings -> households (household_id));
diesel::joinable!(visits -> pairings (pairing_id));
diesel::joinable!(visit_photos -> visits (visit_id));
diesel::joinable!(wishes -> households (household_id));
diesel::allow_tables_to_appear_in_same_query!(
    unit_service_records,
    areas,
    users,
    refresh_tokens,
    audit_log,
    units,
    unit_grids,
    party_orgs,
    agreements,
    agreement_members,
    resources,
    resource_areas,
    needs,
    services,
    service_events,
    volunteers,
    volunteer_projects,
    volunteer_shifts,
    enrollments,
    idempotency_keys,
    service_records,
    certificates,
    households,
    pairings,
    visits,
    visit_photos,
    wishes
);
