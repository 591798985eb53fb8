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

diesel::joinable!(users -> areas (area_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(areas, users, refresh_tokens, audit_log);
