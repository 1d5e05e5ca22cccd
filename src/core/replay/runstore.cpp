#include "runstore.h"

#include "settings/usersettings.h"

#include <QtCore/QAtomicInteger>
#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

using namespace Qt::StringLiterals;

namespace capiqa::replay {

namespace {

constexpr int SchemaVersion = 1;
constexpr qsizetype FlushThreshold = 5'000;

QString newConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return u"capiqa-runs-%1"_s.arg(counter.fetchAndAddRelaxed(1));
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

RunRecord recordFrom(const QSqlQuery &q)
{
    RunRecord r;
    r.id = q.value(0).toLongLong();
    r.createdMs = q.value(1).toLongLong();
    r.updatedMs = q.value(2).toLongLong();
    r.state = runStateFromName(q.value(3).toString()).value_or(RunState::Failed);
    r.funnelPath = q.value(4).toString();
    r.funnelSha256 = q.value(5).toByteArray();
    r.funnelName = q.value(6).toString();
    r.planned = q.value(7).toLongLong();
    r.steps = q.value(8).toInt();
    r.config = QJsonDocument::fromJson(q.value(9).toByteArray()).object();
    r.message = q.value(10).toString();
    return r;
}

const QString RunColumns = u"id, created_ms, updated_ms, state, funnel_path, funnel_sha256, funnel_name, planned, steps, config, message"_s;

} // namespace

RunStore::RunStore()
    : m_connection(newConnectionName())
{
}

RunStore::~RunStore()
{
    if (QSqlDatabase::contains(m_connection)) {
        flush();
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QString RunStore::defaultPath()
{
    const QString env = qEnvironmentVariable("CAPIQA_RUNS_DB");
    if (!env.isEmpty())
        return env;
    const auto settings = settings::openUserSettings();
    return QFileInfo(settings->fileName()).absoluteDir().filePath(u"runs.sqlite"_s);
}

bool RunStore::fail(const QString &what, const QString &why)
{
    m_error = u"run history %1: %2: %3"_s.arg(m_path, what, why);
    return false;
}

bool RunStore::exec(const QString &sql)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(sql))
        return fail(sql.section(u' ', 0, 2), q.lastError().text());
    return true;
}

bool RunStore::open(const QString &path)
{
    m_path = path;
    if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s))
        return fail(u"open"_s, u"the Qt SQLite driver is missing (Debian: apt install libqt6sql6-sqlite)"_s);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSqlDatabase db = QSqlDatabase::contains(m_connection) ? QSqlDatabase::database(m_connection, false)
                                                           : QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!db.open())
        return fail(u"open"_s, db.lastError().text());
    // WAL: readers (the GUI's history page) never block the writer, and a commit survives a
    // killed process; NORMAL sync is enough for that (only power loss could lose the last batch).
    QSqlQuery mode(db);
    if (!mode.exec(u"PRAGMA journal_mode=WAL"_s) || !mode.next() || mode.value(0).toString().toLower() != u"wal"_s)
        return fail(u"journal_mode"_s, u"cannot switch to WAL mode"_s);
    if (!exec(u"PRAGMA synchronous=NORMAL"_s))
        return false;
    QSqlQuery version(db);
    if (!version.exec(u"PRAGMA user_version"_s) || !version.next())
        return fail(u"user_version"_s, version.lastError().text());
    const int found = version.value(0).toInt();
    if (found > SchemaVersion)
        return fail(u"open"_s, u"written by a newer capiqa (schema %1)"_s.arg(found));
    if (found < SchemaVersion) {
        const bool ok = exec(u"CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY AUTOINCREMENT, created_ms INTEGER NOT NULL, "
                             "updated_ms INTEGER NOT NULL, state TEXT NOT NULL, funnel_path TEXT, funnel_sha256 TEXT, "
                             "funnel_name TEXT, planned INTEGER NOT NULL, steps INTEGER NOT NULL, config TEXT, message TEXT)"_s)
            && exec(u"CREATE TABLE IF NOT EXISTS outcomes (run_id INTEGER NOT NULL, idx INTEGER NOT NULL, user INTEGER, step INTEGER, "
                    "event_name TEXT, event_id TEXT, status TEXT NOT NULL, retries INTEGER, http_status INTEGER, error_code INTEGER, "
                    "error TEXT, fbtrace_id TEXT, sent_ms INTEGER, finished_ms INTEGER, PRIMARY KEY (run_id, idx)) WITHOUT ROWID"_s)
            && exec(u"PRAGMA user_version=%1"_s.arg(SchemaVersion));
        if (!ok)
            return false;
    }
    m_error.clear();
    return true;
}

bool RunStore::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && QSqlDatabase::database(m_connection, false).isOpen();
}

std::optional<qint64> RunStore::createRun(const RunRecord &run)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"INSERT INTO runs (created_ms, updated_ms, state, funnel_path, funnel_sha256, funnel_name, planned, steps, config, message) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '')"_s);
    const qint64 now = nowMs();
    for (const QVariant &v : {QVariant(now), QVariant(now), QVariant(runStateName(RunState::Running)), QVariant(run.funnelPath),
                              QVariant(QString::fromLatin1(run.funnelSha256)), QVariant(run.funnelName), QVariant(run.planned),
                              QVariant(run.steps), QVariant(QJsonDocument(run.config).toJson(QJsonDocument::Compact))})
        q.addBindValue(v);
    if (!q.exec()) {
        fail(u"create run"_s, q.lastError().text());
        return std::nullopt;
    }
    return q.lastInsertId().toLongLong();
}

std::optional<RunRecord> RunStore::run(qint64 id)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT %1 FROM runs WHERE id = ?"_s.arg(RunColumns));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return recordFrom(q);
}

QList<RunRecord> RunStore::runs(int limit)
{
    QList<RunRecord> list;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT %1 FROM runs ORDER BY id DESC LIMIT ?"_s.arg(RunColumns));
    q.addBindValue(limit);
    if (q.exec()) {
        while (q.next())
            list << recordFrom(q);
    }
    return list;
}

bool RunStore::setRunState(qint64 id, RunState state, const QString &message)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"UPDATE runs SET state = ?, updated_ms = ?, message = ? WHERE id = ?"_s);
    q.addBindValue(runStateName(state));
    q.addBindValue(nowMs());
    q.addBindValue(message);
    q.addBindValue(id);
    if (!q.exec())
        return fail(u"update run"_s, q.lastError().text());
    return true;
}

bool RunStore::writeRows(const QList<std::pair<qint64, EventOutcome>> &rows)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"INSERT OR REPLACE INTO outcomes (run_id, idx, user, step, event_name, event_id, status, retries, http_status, "
              "error_code, error, fbtrace_id, sent_ms, finished_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    for (const auto &[runId, o] : rows) {
        q.bindValue(0, runId);
        q.bindValue(1, o.index);
        q.bindValue(2, o.user);
        q.bindValue(3, o.step);
        q.bindValue(4, o.eventName);
        q.bindValue(5, o.eventId);
        q.bindValue(6, statusName(o.status));
        q.bindValue(7, o.retries);
        q.bindValue(8, o.httpStatus);
        q.bindValue(9, o.errorCode);
        q.bindValue(10, o.error);
        q.bindValue(11, o.fbtraceId);
        q.bindValue(12, o.sentMs);
        q.bindValue(13, o.finishedMs);
        if (!q.exec())
            return fail(u"write outcomes"_s, q.lastError().text());
    }
    return true;
}

bool RunStore::markInFlight(qint64 runId, const QList<EventOutcome> &outcomes)
{
    for (const EventOutcome &o : outcomes)
        m_queue.append({runId, o});
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return fail(u"begin"_s, db.lastError().text());
    const bool written = writeRows(m_queue);
    if (!written || !db.commit()) {
        const QString why = written ? db.lastError().text() : m_error;
        db.rollback();
        m_queue.resize(m_queue.size() - outcomes.size());
        return fail(u"commit"_s, why);
    }
    m_queue.clear();
    return true;
}

void RunStore::queueOutcomes(qint64 runId, const QList<EventOutcome> &outcomes)
{
    for (const EventOutcome &o : outcomes)
        m_queue.append({runId, o});
    if (m_queue.size() >= FlushThreshold)
        flush();
}

bool RunStore::flush()
{
    if (m_queue.isEmpty())
        return true;
    return markInFlight(0, {});
}

qint64 RunStore::markInFlightUnknown(qint64 runId)
{
    flush();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"UPDATE outcomes SET status = ?, error = ?, finished_ms = ? WHERE run_id = ? AND status = ?"_s);
    q.addBindValue(statusName(OutcomeStatus::Unknown));
    q.addBindValue(u"in flight when the run was interrupted: it may or may not have arrived"_s);
    q.addBindValue(nowMs());
    q.addBindValue(runId);
    q.addBindValue(statusName(OutcomeStatus::InFlight));
    if (!q.exec()) {
        fail(u"mark unknown"_s, q.lastError().text());
        return 0;
    }
    return q.numRowsAffected();
}

QByteArray RunStore::statusMap(qint64 runId, qint64 planned)
{
    flush();
    QByteArray map(planned, char(OutcomeStatus::Pending));
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(u"SELECT idx, status FROM outcomes WHERE run_id = ?"_s);
    q.addBindValue(runId);
    if (!q.exec())
        return map;
    while (q.next()) {
        const qint64 index = q.value(0).toLongLong();
        if (index >= 0 && index < planned)
            map[index] = char(statusFromName(q.value(1).toString()).value_or(OutcomeStatus::Unknown));
    }
    return map;
}

ReplayCounts RunStore::counts(qint64 runId, qint64 planned)
{
    flush();
    ReplayCounts c;
    c.planned = planned;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT status, COUNT(*), SUM(retries > 0), SUM(retries) FROM outcomes WHERE run_id = ? GROUP BY status"_s);
    q.addBindValue(runId);
    if (!q.exec())
        return c;
    while (q.next()) {
        const auto status = statusFromName(q.value(0).toString()).value_or(OutcomeStatus::Unknown);
        const qint64 n = q.value(1).toLongLong();
        c.sent += n;
        switch (status) {
        case OutcomeStatus::Accepted: c.accepted += n; break;
        case OutcomeStatus::Rejected: c.rejected += n; break;
        case OutcomeStatus::Cancelled: c.cancelled += n; break;
        case OutcomeStatus::InFlight: c.inFlight += n; c.unknown += n; break;
        case OutcomeStatus::Unknown: c.unknown += n; break;
        case OutcomeStatus::Pending: c.sent -= n; break;
        }
        c.retried += q.value(2).toLongLong();
        c.retries += q.value(3).toLongLong();
    }
    return c;
}

bool RunStore::forEachOutcome(qint64 runId, const std::function<void(const EventOutcome &)> &visit)
{
    flush();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(u"SELECT idx, user, step, event_name, event_id, status, retries, http_status, error_code, error, fbtrace_id, "
              "sent_ms, finished_ms FROM outcomes WHERE run_id = ? ORDER BY idx"_s);
    q.addBindValue(runId);
    if (!q.exec())
        return fail(u"read outcomes"_s, q.lastError().text());
    while (q.next()) {
        EventOutcome o;
        o.index = q.value(0).toLongLong();
        o.user = q.value(1).toLongLong();
        o.step = q.value(2).toInt();
        o.eventName = q.value(3).toString();
        o.eventId = q.value(4).toString();
        o.status = statusFromName(q.value(5).toString()).value_or(OutcomeStatus::Unknown);
        o.retries = q.value(6).toInt();
        o.httpStatus = q.value(7).toInt();
        o.errorCode = q.value(8).toInt();
        o.error = q.value(9).toString();
        o.fbtraceId = q.value(10).toString();
        o.sentMs = q.value(11).toLongLong();
        o.finishedMs = q.value(12).toLongLong();
        visit(o);
    }
    return true;
}

} // namespace capiqa::replay
