// The run history: WAL mode, in-flight rows committed before a request leaves (visible to
// another connection, as after a crash), batched final outcomes, counts and resume maps.
#include "replay/runstore.h"

#include <QtCore/QTemporaryDir>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace capiqa::replay;

namespace {

EventOutcome row(qint64 index, OutcomeStatus status, int retries = 0)
{
    EventOutcome o;
    o.index = index;
    o.eventName = u"Lead"_s;
    o.eventId = u"id_%1"_s.arg(index);
    o.status = status;
    o.retries = retries;
    return o;
}

// What a second process sees: a plain SQLite connection of its own.
qint64 countWithOtherConnection(const QString &path, const QString &status)
{
    qint64 n = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"other"_s);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            q.prepare(u"SELECT COUNT(*) FROM outcomes WHERE status = ?"_s);
            q.addBindValue(status);
            if (q.exec() && q.next())
                n = q.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"other"_s);
    return n;
}

} // namespace

class TestRunStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void defaultPathFollowsSettings()
    {
        qputenv("CAPIQA_RUNS_DB", QByteArray());
        qputenv("CAPIQA_SETTINGS", m_dir.filePath(u"conf/capiqa.ini"_s).toUtf8());
        QCOMPARE(RunStore::defaultPath(), m_dir.filePath(u"conf/runs.sqlite"_s));
        qputenv("CAPIQA_RUNS_DB", m_dir.filePath(u"elsewhere.sqlite"_s).toUtf8());
        QCOMPARE(RunStore::defaultPath(), m_dir.filePath(u"elsewhere.sqlite"_s));
    }

    void writesAndReads()
    {
        const QString path = m_dir.filePath(u"sub/runs.sqlite"_s);
        RunStore store;
        QVERIFY2(store.open(path), qPrintable(store.errorString()));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"mode"_s);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"PRAGMA journal_mode"_s) && q.next());
            QCOMPARE(q.value(0).toString(), u"wal"_s);
            db.close();
        }
        QSqlDatabase::removeDatabase(u"mode"_s);

        RunRecord record;
        record.funnelPath = u"/tmp/f.json"_s;
        record.funnelSha256 = QByteArray(64, 'a');
        record.funnelName = u"F"_s;
        record.planned = 10;
        record.steps = 2;
        record.config = QJsonObject{{u"k"_s, 1}};
        const auto id = store.createRun(record);
        QVERIFY(id);
        const auto back = store.run(*id);
        QVERIFY(back);
        QCOMPARE(back->state, RunState::Running);
        QCOMPARE(back->funnelSha256, record.funnelSha256);
        QCOMPARE(back->config, record.config);

        // In flight: committed at once, as a crash would find it.
        QVERIFY(store.markInFlight(*id, {row(0, OutcomeStatus::InFlight), row(1, OutcomeStatus::InFlight), row(2, OutcomeStatus::InFlight)}));
        QCOMPARE(countWithOtherConnection(path, u"in_flight"_s), 3);
        // Final outcomes are queued, then written in one go.
        store.queueOutcomes(*id, {row(0, OutcomeStatus::Accepted, 2), row(1, OutcomeStatus::Rejected)});
        QCOMPARE(store.queuedCount(), 2);
        QCOMPARE(countWithOtherConnection(path, u"accepted"_s), 0);
        QVERIFY(store.flush());
        QCOMPARE(store.queuedCount(), 0);
        QCOMPARE(countWithOtherConnection(path, u"accepted"_s), 1);

        ReplayCounts c = store.counts(*id, 10);
        QCOMPARE(c.sent, 3);
        QCOMPARE(c.accepted, 1);
        QCOMPARE(c.rejected, 1);
        QCOMPARE(c.unknown, 1);
        QCOMPARE(c.inFlight, 1);
        QCOMPARE(c.retried, 1);
        QCOMPARE(c.retries, 2);
        QVERIFY(c.balanced());

        QCOMPARE(store.markInFlightUnknown(*id), 1);
        const QByteArray map = store.statusMap(*id, 10);
        QCOMPARE(OutcomeStatus(map.at(0)), OutcomeStatus::Accepted);
        QCOMPARE(OutcomeStatus(map.at(2)), OutcomeStatus::Unknown);
        QCOMPARE(OutcomeStatus(map.at(9)), OutcomeStatus::Pending);
        QList<EventOutcome> all;
        QVERIFY(store.forEachOutcome(*id, [&](const EventOutcome &o) { all << o; }));
        QCOMPARE(all.size(), 3);
        QVERIFY(all.at(2).error.contains(u"interrupted"_s));

        QVERIFY(store.setRunState(*id, RunState::Interrupted, u"killed"_s));
        QCOMPARE(store.runs().constFirst().state, RunState::Interrupted);
        QCOMPARE(store.runs().constFirst().message, u"killed"_s);
    }

    void unwritableHistoryIsAnError()
    {
        RunStore store;
        QVERIFY(!store.open(u"/proc/capiqa-no/runs.sqlite"_s));
        QVERIFY2(store.errorString().startsWith(u"run history /proc/capiqa-no/runs.sqlite"_s), qPrintable(store.errorString()));
    }
};

QTEST_GUILESS_MAIN(TestRunStore)
#include "tst_runstore.moc"
