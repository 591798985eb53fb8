//! The `gridlink` command: parses its arguments, then calls the library.

use std::net::TcpListener;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use gridlink::config::Config;
use gridlink::{app, seed, telemetry};

#[derive(Parser)]
#[command(name = "gridlink", version, about = "Gridlink (网格连心): grid governance and community service server")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
    /// Create a system admin account.
    CreateAdmin {
        #[arg(long)]
        username: String,
        /// Omit to generate a temporary password, printed once.
        #[arg(long, env = "GRIDLINK_NEW_ADMIN_PASSWORD")]
        password: Option<String>,
        /// Bind the admin to this area (by code) instead of the whole system.
        #[arg(long)]
        area_code: Option<String>,
    },
    /// Load data: the demo district, or generated data at city scale.
    Seed {
        /// The demo district's area tree and one account per role.
        #[arg(long, conflicts_with = "scale")]
        demo: bool,
        /// Generated data for benchmarks.
        #[arg(long)]
        scale: Option<Scale>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Scale {
    /// 4 districts, 40 streets, 400 communities, 4,000 grids, 10,000 staff accounts.
    City,
}

fn main() -> ExitCode {
    // `.env` first, so the settings clap reads from the environment see it too.
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("gridlink: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&config);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config),
        Command::Migrate => migrate(config),
        Command::Openapi => {
            println!("{}", app::openapi().to_pretty_json().unwrap_or_default());
            Ok(())
        }
        Command::CreateAdmin { username, password, area_code } => {
            seed::create_admin_command(&config, &username, password, area_code.as_deref())
        }
        Command::Seed { demo, scale } => match (demo, scale) {
            (true, _) => seed::demo_command(&config),
            (false, Some(Scale::City)) => seed::city_command(&config),
            (false, None) => Err(anyhow::anyhow!("say what to seed: --demo or --scale city")),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gridlink: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn migrate(config: Config) -> anyhow::Result<()> {
    let db = gridlink::db::Db::connect(&config)?;
    let applied = db.migrate()?;
    println!("{applied} migration(s) applied");
    Ok(())
}

fn serve(config: Config) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let bind = config.bind;
        let state = app::prepare(config)?;
        if let Some(line) = seed::ensure_first_admin(&state.db, &state.config)? {
            println!("{line}");
        }
        let listener = TcpListener::bind(bind).map_err(|e| anyhow::anyhow!("cannot listen on {bind}: {e}"))?;
        let prepared = app::build(state, listener)?;
        app::start_audit_pruning(prepared.state.clone());
        tracing::info!(addr = %prepared.addr, "Gridlink serving; API docs at /api/docs/");
        prepared.server.await?;
        tracing::info!("stopped");
        Ok(())
    })
}
