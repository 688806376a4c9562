//! Group commit of survey answers: one writer task stores the answers that
//! arrive together in one transaction, so many phones share one sync of the
//! log to disk (`synchronous=FULL`) instead of queueing for one sync each.
//!
//! Each request hands its answer to the writer and waits for the commit of
//! the batch that holds it; it is answered only once that batch is on disk.
//! An answer refused on its own (a reused id or device) is refused alone and
//! the others are stored. When the batch's transaction fails (a full disk,
//! an I/O error, a broken row) nothing of it is stored and every answer in
//! it is tried again in a transaction of its own, so each gets its own
//! outcome — stored, or a clear error — and none is half-stored.
//!
//! Nothing waits on purpose: the writer takes what queued while the last
//! batch was syncing, so one phone alone is one answer per commit and a
//! meeting hall's rush fills batches. Used only by
//! [`SqliteRepository::insert_response`](super::SqliteRepository).

use super::survey::{store_response, StoreError};
use super::{is_unique_violation, write_tx};
use crate::server::db::survey::{InsertOutcome, NewResponse};
use crate::server::db::{DbError, DbResult};
use sqlx::SqlitePool;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, oneshot};

/// At most this many answers in one transaction.
pub const MAX_BATCH: usize = 256;

/// One answer waiting for the writer, and where its outcome goes.
struct Job {
    response: NewResponse,
    reply: oneshot::Sender<DbResult<InsertOutcome>>,
}

/// The handle of the writer task; started on first use, in the runtime of
/// the request that needs it (and again if that runtime has ended).
#[derive(Default)]
pub struct GroupCommit {
    sender: Mutex<Option<mpsc::UnboundedSender<Job>>>,
    stats: Arc<Stats>,
}

/// What the writer has done since the server started.
#[derive(Debug, Default)]
pub struct Stats {
    /// Transactions it committed.
    pub batches: AtomicU64,
    /// Batches whose transaction failed after it began, each answer then
    /// tried alone.
    pub retried_alone: AtomicU64,
}

impl std::fmt::Debug for GroupCommit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupCommit")
            .field("stats", &self.stats)
            .finish()
    }
}

impl GroupCommit {
    /// Stores `response` in the next batch; returns once that batch is
    /// committed (or the answer refused).
    pub async fn insert(
        &self,
        pool: &SqlitePool,
        response: &NewResponse,
    ) -> DbResult<InsertOutcome> {
        let (reply, outcome) = oneshot::channel();
        let mut job = Job {
            response: response.clone(),
            reply,
        };
        // A writer whose runtime has ended is replaced once.
        for _ in 0..2 {
            let sender = {
                let mut slot = self.sender.lock().unwrap_or_else(|e| e.into_inner());
                slot.get_or_insert_with(|| spawn_writer(pool.clone(), self.stats.clone()))
                    .clone()
            };
            match sender.send(job) {
                Ok(()) => {
                    return outcome.await.unwrap_or_else(|_| {
                        Err(DbError::Inconsistent("the answers' writer stopped".into()))
                    })
                }
                Err(mpsc::error::SendError(returned)) => {
                    job = returned;
                    let mut slot = self.sender.lock().unwrap_or_else(|e| e.into_inner());
                    if slot.as_ref().is_some_and(|s| s.same_channel(&sender)) {
                        *slot = None;
                    }
                }
            }
        }
        Err(DbError::Inconsistent(
            "the answers' writer cannot start".into(),
        ))
    }

    /// What the writer has done so far.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }
}

fn spawn_writer(pool: SqlitePool, stats: Arc<Stats>) -> mpsc::UnboundedSender<Job> {
    let (sender, mut jobs) = mpsc::unbounded_channel::<Job>();
    tokio::spawn(async move {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
            write_batch(&pool, &stats, std::mem::take(&mut batch)).await;
        }
    });
    sender
}

/// Stores a batch in one transaction and answers every job in it.
async fn write_batch(pool: &SqlitePool, stats: &Stats, jobs: Vec<Job>) {
    let responses: Vec<&NewResponse> = jobs.iter().map(|j| &j.response).collect();
    match store_batch(pool, &responses).await {
        Ok(outcomes) => {
            stats.batches.fetch_add(1, Ordering::Relaxed);
            for (job, outcome) in jobs.into_iter().zip(outcomes) {
                let _ = job.reply.send(outcome);
            }
        }
        // The transaction failed after it began (SQLite rolled it back:
        // a full disk, an I/O error): nothing of it was stored, and each
        // answer alone gets its own outcome.
        Err(BatchError::Failed(err)) if jobs.len() > 1 => {
            tracing::warn!(error = %err, answers = jobs.len(), "answers' batch failed; storing each alone");
            stats.retried_alone.fetch_add(1, Ordering::Relaxed);
            for job in jobs {
                let outcome = match store_batch(pool, &[&job.response]).await {
                    Ok(mut outcomes) => {
                        stats.batches.fetch_add(1, Ordering::Relaxed);
                        outcomes.pop().unwrap_or_else(|| {
                            Err(DbError::Inconsistent("no outcome for an answer".into()))
                        })
                    }
                    Err(BatchError::Begin(err) | BatchError::Failed(err)) => Err(err),
                };
                let _ = job.reply.send(outcome);
            }
        }
        // The database could not be written at all (busy past the busy
        // timeout, or unreadable), or a lone answer failed: every answer
        // of the batch is told so now (a 503 the outbox retries) rather
        // than waiting again, one by one.
        Err(BatchError::Begin(err) | BatchError::Failed(err)) => {
            for job in jobs {
                let _ = job.reply.send(Err(DbError::Batch {
                    code: err.sqlite_code(),
                    message: err.to_string(),
                }));
            }
        }
    }
}

/// Why a batch's transaction stored nothing.
#[derive(Debug)]
pub enum BatchError {
    /// It could not begin (the write lock was not had in time).
    Begin(DbError),
    /// It failed after it began, and was rolled back.
    Failed(DbError),
}

/// Stores `responses` in one transaction: per answer its outcome; `Err`
/// when the transaction failed and nothing of it was stored.
///
/// An answer refused by a unique index on its first statement (a reused
/// client id or device) leaves nothing behind — SQLite undoes just the
/// failed statement — and the others go on. Any other failure (answers are
/// checked beforehand, so only a full disk, an I/O error or a broken
/// database does that) fails the batch, whose answers are then stored one
/// by one: no savepoint per answer is needed, which keeps each answer to
/// the few statements it takes.
pub async fn store_batch(
    pool: &SqlitePool,
    responses: &[&NewResponse],
) -> Result<Vec<DbResult<InsertOutcome>>, BatchError> {
    let mut tx = write_tx(pool).await.map_err(BatchError::Begin)?;
    let failed = |e: sqlx::Error| BatchError::Failed(e.into());
    let mut outcomes = Vec::with_capacity(responses.len());
    for response in responses {
        let outcome = match store_response(&mut tx, response).await {
            Ok(receipt) => Ok(InsertOutcome::Stored(receipt)),
            Err(StoreError::Refused(err)) if is_unique_violation(&err) => {
                // SQLite names one violated index, not necessarily the
                // client id's: a replay from the same device may be
                // reported as the device's second answer. The client id
                // decides first (an earlier answer of this batch counts).
                let replay = sqlx::query("SELECT 1 FROM responses WHERE client_id = ?")
                    .bind(&response.client_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(failed)?
                    .is_some();
                if replay {
                    Ok(InsertOutcome::DuplicateClientId)
                } else if err.to_string().contains("device_hash") {
                    Ok(InsertOutcome::DuplicateDevice)
                } else {
                    Err(err.into())
                }
            }
            // Anything else may have rolled the whole transaction back
            // (SQLite does on a full disk or an I/O error): the batch
            // failed.
            Err(StoreError::Refused(err) | StoreError::Partial(err)) => return Err(failed(err)),
        };
        outcomes.push(outcome);
    }
    tx.commit().await.map_err(failed)?;
    Ok(outcomes)
}
