//! `GET /repos/{owner}/{repo}/community/profile`: GitHub's community health score
//! and which of the recognised files it found. GitHub has no profile for forks.

use jiff::Timestamp;
use serde::Deserialize;

use crate::context::Ctx;
use crate::error::Result;
use crate::facts::{Community, CommunityFiles};

#[derive(Debug, Deserialize)]
struct ProfileJson {
    health_percentage: u64,
    #[serde(default)]
    files: FilesJson,
    updated_at: Option<Timestamp>,
}

#[derive(Debug, Default, Deserialize)]
struct FilesJson {
    code_of_conduct: Option<CodeOfConductJson>,
    code_of_conduct_file: Option<serde_json::Value>,
    contributing: Option<serde_json::Value>,
    issue_template: Option<serde_json::Value>,
    pull_request_template: Option<serde_json::Value>,
    license: Option<serde_json::Value>,
    readme: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct CodeOfConductJson {
    name: Option<String>,
}

pub(crate) async fn fetch(ctx: &Ctx<'_>) -> Result<Community> {
    let answer = ctx
        .transport
        .get_json::<ProfileJson>(&ctx.repo_url("/community/profile"), ctx.stats)
        .await?;
    let p = answer.value;
    let f = p.files;
    Ok(Community {
        health_percentage: p.health_percentage.min(100),
        files: CommunityFiles {
            code_of_conduct: f.code_of_conduct.is_some() || f.code_of_conduct_file.is_some(),
            contributing: f.contributing.is_some(),
            issue_template: f.issue_template.is_some(),
            pull_request_template: f.pull_request_template.is_some(),
            license: f.license.is_some(),
            readme: f.readme.is_some(),
        },
        code_of_conduct: f.code_of_conduct.and_then(|c| c.name),
        updated_at: p.updated_at,
    })
}
