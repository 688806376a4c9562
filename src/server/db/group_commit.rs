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
//! meeting hall's rush fills batches.
//!
//! Both backends answer through it ([`BatchStore`], implemented by each
//! backend's pool in the shared `sql/survey.rs`). On PostgreSQL it matters
//! as much as on SQLite: every answer of a district and day adds to the
//! same counter rows, whose row locks would otherwise queue the answers
//! one commit at a time (figures in the README, "Scale-out on
//! PostgreSQL"). Each instance has its own writer. Reached only through
//! the repositories' `insert_response`.

use crate::server::db::survey::{InsertOutcome, NewResponse};
use crate::server::db::{DbError, DbResult};
use async_trait::async_trait;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, oneshot};

/// Where batches are written: a backend's pool.
#[async_trait]
pub trait BatchStore: Clone + Send + Sync + 'static {
    /// Stores `responses` in one transaction: per answer its outcome (a
    /// reused client id or device is refused alone and the others go on);
    /// `Err` when the transaction failed and nothing of it was stored.
    async fn store_batch(
        &self,
        responses: &[&NewResponse],
    ) -> Result<Vec<DbResult<InsertOutcome>>, BatchError>;
}

/// At most this many answers in one transaction.
pub const MAX_BATCH: usize = 256;

/// One answer waiting for the writer, and where its outcome goes.
struct Job {
    response: NewResponse,
    reply: oneshot::Sender<DbResult<InsertOutcome>>,
}

/// The handle of the writer task; started on first use, in the runtime of
/// the request that needs it (and again if that runtime has ended).
pub struct GroupCommit<S> {
    sender: Mutex<Option<mpsc::UnboundedSender<Job>>>,
    stats: Arc<Stats>,
    store: PhantomData<fn(S)>,
}

impl<S> Default for GroupCommit<S> {
    fn default() -> Self {
        Self {
            sender: Mutex::default(),
            stats: Arc::default(),
            store: PhantomData,
        }
    }
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

impl<S> std::fmt::Debug for GroupCommit<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupCommit")
            .field("stats", &self.stats)
            .finish()
    }
}

impl<S: BatchStore> GroupCommit<S> {
    /// Stores `response` in the next batch; returns once that batch is
    /// committed (or the answer refused).
    pub async fn insert(&self, store: &S, response: &NewResponse) -> DbResult<InsertOutcome> {
        let (reply, outcome) = oneshot::channel();
        let mut job = Job {
            response: response.clone(),
            reply,
        };
        // A writer whose runtime has ended is replaced once.
        for _ in 0..2 {
            let sender = {
                let mut slot = self.sender.lock().unwrap_or_else(|e| e.into_inner());
                slot.get_or_insert_with(|| spawn_writer(store.clone(), self.stats.clone()))
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

fn spawn_writer<S: BatchStore>(store: S, stats: Arc<Stats>) -> mpsc::UnboundedSender<Job> {
    let (sender, mut jobs) = mpsc::unbounded_channel::<Job>();
    tokio::spawn(async move {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
            write_batch(&store, &stats, std::mem::take(&mut batch)).await;
        }
    });
    sender
}

/// Stores a batch in one transaction and answers every job in it.
async fn write_batch<S: BatchStore>(store: &S, stats: &Stats, jobs: Vec<Job>) {
    let responses: Vec<&NewResponse> = jobs.iter().map(|j| &j.response).collect();
    match store.store_batch(&responses).await {
        Ok(outcomes) => {
            stats.batches.fetch_add(1, Ordering::Relaxed);
            for (job, outcome) in jobs.into_iter().zip(outcomes) {
                let _ = job.reply.send(outcome);
            }
        }
        // The transaction failed after it began (rolled back: a full
        // disk, an I/O error, a deadlock PostgreSQL broke): nothing of it
        // was stored, and each answer alone gets its own outcome.
        Err(BatchError::Failed(err)) if jobs.len() > 1 => {
            tracing::warn!(error = %err, answers = jobs.len(), "answers' batch failed; storing each alone");
            stats.retried_alone.fetch_add(1, Ordering::Relaxed);
            for job in jobs {
                let outcome = match store.store_batch(&[&job.response]).await {
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
                    failure: err.failure(),
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
