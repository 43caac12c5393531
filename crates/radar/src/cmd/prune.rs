//! `radar prune`: the retention policy (docs/store.md): every snapshot of the
//! last month, then one a week for a year, then one a month.

use std::process::ExitCode;

use anyhow::Result;

use super::db::DbArgs;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArgs,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let rt = super::db::runtime()?;
    rt.block_on(async {
        let store = super::db::open_existing(&args.db).await?;
        let r = store.prune(store.now()).await?;
        println!(
            "pruned {}: {} snapshot(s), {} evidence document(s), {} finished job(s), {} empty run(s) deleted",
            store.display_url(),
            r.snapshots_deleted,
            r.evidence_deleted,
            r.jobs_deleted,
            r.runs_deleted
        );
        store.close().await;
        Ok(ExitCode::SUCCESS)
    })
}
