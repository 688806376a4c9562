//! Made-up survey answers for the demo and the benchmarks, so the results
//! pages have something to show: `PORO_DEMO_ANSWERS=N` adds them when the
//! demo data is first written, `porozmawiajmy demo-answers --count N` adds
//! them to the configured database at any time (e.g. a million for
//! `scripts/bench-results.sh`).
//!
//! Deterministic (a seeded generator): each district prefers its own
//! actions, so the districts' top three differ; answers spread over the
//! days from the survey's opening to today (or its closing); a few carry an
//! "other needs" text for moderators to review. They are stored through the
//! same path as real answers, so every counter counts them.

use super::db::{DbError, NewResponse, Repository};
use super::time::warsaw_day;
use crate::domain::AnswerSource;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const BATCH: usize = 5_000;

/// Texts of "other needs", as residents write them.
const OTHER_NEEDS: &[&str] = &[
    "Więcej ławek i cienia na skwerach",
    "Publiczna toaleta przy parku",
    "Dłuższe godziny otwarcia biblioteki",
    "Bezpieczne przejście przy szkole",
    "Więcej koszy na śmieci",
    "Stojaki rowerowe przy przychodni",
    "Poidełka z wodą latem",
    "Zajęcia dla seniorów w klubie osiedlowym",
];

/// Picks an index by weight.
fn weighted(rng: &mut StdRng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

/// Adds `count` answers to the active round, dated up to `now` (UTC
/// seconds) within the survey period. Returns how many were stored.
pub async fn generate(repo: &dyn Repository, count: u64, now: i64) -> Result<u64, DbError> {
    let Some(round) = repo.active_round().await? else {
        return Ok(0);
    };
    generate_for(repo, &round, count, now).await
}

/// Adds `count` answers to every archived round (the demo data's earlier
/// rounds, so the archive shows results from the first run). Returns how
/// many were stored.
pub async fn generate_archived(repo: &dyn Repository, count: u64) -> Result<u64, DbError> {
    let mut stored = 0;
    for round in repo.rounds().await? {
        if round.status == crate::domain::RoundStatus::Archived {
            stored += generate_for(repo, &round, count, round.survey_closes_at.utc).await?;
        }
    }
    Ok(stored)
}

/// Adds `count` answers to `round`, dated up to `now` within its survey
/// period.
async fn generate_for(
    repo: &dyn Repository,
    round: &crate::domain::Round,
    count: u64,
    now: i64,
) -> Result<u64, DbError> {
    let districts = repo.round_districts(round.id).await?;
    let themes = repo.themes(round.id).await?;
    let questions = repo.profile_questions(round.id).await?;
    let actions: Vec<i64> = themes
        .iter()
        .flat_map(|t| t.actions.iter().map(|a| a.id))
        .collect();
    if districts.is_empty() || actions.is_empty() {
        return Ok(0);
    }
    // One taste per round (the first round, the demo's active one, keeps
    // the seed it always had): an earlier round's districts liked other things.
    let mut rng = StdRng::seed_from_u64(2027 + round.id.unsigned_abs());
    let district_weights: Vec<f64> = districts
        .iter()
        .map(|d| d.population.max(1) as f64)
        .collect();
    // Each district's taste: a few clear favourites, a long tail.
    let preferences: Vec<Vec<f64>> = districts
        .iter()
        .map(|_| {
            actions
                .iter()
                .map(|_| rng.random_range(1.0_f64..10.0).powi(3))
                .collect()
        })
        .collect();
    // Profile answers: uneven too (more middle-aged residents answer).
    let option_weights: Vec<Vec<f64>> = questions
        .iter()
        .map(|q| {
            q.options
                .iter()
                .map(|_| rng.random_range(1.0_f64..6.0).powi(2))
                .collect()
        })
        .collect();
    let from = round.survey_opens_at.utc;
    let until = now.clamp(from + 1, round.survey_closes_at.utc);
    let max_picks = usize::try_from(round.max_picks).unwrap_or(1).max(1);
    // Different ids on every run (a second run adds, never collides).
    let run: u64 = rand::random();

    let mut stored = 0;
    let mut batch = Vec::with_capacity(BATCH);
    for n in 0..count {
        let d = weighted(&mut rng, &district_weights);
        let picks = rng.random_range(1..=max_picks.min(actions.len()));
        let mut weights = preferences[d].clone();
        let mut action_ids = Vec::with_capacity(picks);
        for _ in 0..picks {
            let i = weighted(&mut rng, &weights);
            weights[i] = 0.0;
            action_ids.push(actions[i]);
        }
        let mut options = Vec::with_capacity(questions.len());
        for (q, weights) in questions.iter().zip(&option_weights) {
            if !q.options.is_empty() && rng.random_bool(0.8) {
                options.push((q.id, q.options[weighted(&mut rng, weights)].id));
            }
        }
        let source = match rng.random_range(0..100) {
            0..85 => AnswerSource::Online,
            85..95 => AnswerSource::Assisted,
            _ => AnswerSource::Paper,
        };
        let other_needs = rng
            .random_bool(0.08)
            .then(|| OTHER_NEEDS[rng.random_range(0..OTHER_NEEDS.len())].to_owned());
        let id = format!("demo-{run:016x}-{n:010}");
        batch.push(NewResponse {
            round_id: round.id,
            district_id: districts[d].id,
            receipt: format!("D{run:08X}{n:09}").chars().take(40).collect(),
            content_hash: id.clone(),
            client_id: id,
            device_hash: None,
            source,
            other_needs,
            submitted_on: warsaw_day(rng.random_range(from..until)),
            action_ids,
            options,
        });
        if batch.len() == BATCH {
            repo.insert_demo_responses(round.id, &batch).await?;
            stored += batch.len() as u64;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        repo.insert_demo_responses(round.id, &batch).await?;
        stored += batch.len() as u64;
    }
    // A running server (this command may run beside one) drops the
    // counters it keeps.
    repo.bump_data_generation().await?;
    Ok(stored)
}
