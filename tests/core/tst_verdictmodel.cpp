// The dedup page's core pieces: the verdict table model and its filter under
// QAbstractItemModelTester, the payload comparison of a pair, and the worker job (progress,
// result, cancel) over the fixture pair.
#include "dedup/dedupjob.h"
#include "dedup/delayhistogram.h"
#include "dedup/payloaddiff.h"
#include "dedup/verdictfilter.h"
#include "dedup/verdictmodel.h"

#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace capiqa::capture;
using namespace capiqa::dedup;

namespace {

const QString Data = QStringLiteral(CAPIQA_TEST_DATA) + u"/dedup/"_s;

DedupRequest scenarioRequest()
{
    DedupRequest request;
    request.browserFiles << Data + u"scenario-chrome.har"_s;
    request.serverFiles << Data + u"scenario-server.jsonl"_s;
    request.defaultPixelId = u"1234567890"_s;
    return request;
}

int rowOf(const VerdictModel &model, const QString &id, Side side)
{
    for (int r = 0; r < model.rowCount(); ++r) {
        const QModelIndex i = model.index(r, 0);
        if (i.data(VerdictModel::EventIdRole).toString() == id && i.data(VerdictModel::SideRole).toInt() == int(side))
            return r;
    }
    return -1;
}

const FieldComparison *field(const QList<FieldComparison> &rows, const QString &key)
{
    for (const FieldComparison &c : rows) {
        if (c.key == key)
            return &c;
    }
    return nullptr;
}

} // namespace

class TestVerdictModel : public QObject
{
    Q_OBJECT

    DedupAnalysisPtr m_analysis;

private Q_SLOTS:
    void initTestCase()
    {
        m_analysis = analyseCaptures(scenarioRequest());
        QVERIFY(m_analysis);
        QCOMPARE(m_analysis->captures.events.size(), size_t(36));
    }

    void rolesHoldTheFacts()
    {
        VerdictModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setAnalysis(m_analysis);
        QCOMPARE(model.rowCount(), 36);
        QCOMPARE(model.columnCount(), int(VerdictModel::ColumnCount));

        const int server42 = rowOf(model, u"42"_s, Side::Server);
        QVERIFY(server42 >= 0);
        const QModelIndex i = model.index(server42, VerdictModel::CategoryColumn);
        QCOMPARE(i.data().toString(), u"id_mismatch"_s);
        QCOMPARE(i.data(VerdictModel::CategoryRole).toInt(), int(Category::IdMismatch));
        QCOMPARE(i.data(VerdictModel::EffectRole).toInt(), int(Effect::CountedAgain));
        QCOMPARE(i.data(VerdictModel::NameRole).toString(), u"Purchase"_s);
        QCOMPARE(i.data(VerdictModel::PixelRole).toString(), u"1234567890"_s);
        const int counterpart = i.data(VerdictModel::CounterpartRole).toInt();
        QVERIFY(counterpart >= 0);
        QCOMPARE(model.index(counterpart, 0).data(VerdictModel::EventIdRole).toString(), u"purchase_42"_s);
        QCOMPARE(model.index(counterpart, 0).data(VerdictModel::CounterpartRole).toInt(), server42);
        QVERIFY(i.data(VerdictModel::FixRole).toString().contains(u"purchase_{id}"_s));
        QVERIFY(i.data(VerdictModel::ExplanationRole).toString().size() > 40);
        QVERIFY(i.data(VerdictModel::SourceRole).toString().endsWith(u"scenario-server.jsonl:%1"_s.arg(
            m_analysis->captures.events[size_t(server42)].line)));
        QVERIFY(model.index(server42, VerdictModel::CounterpartColumn).data().toString().contains(u"purchase_42"_s));
        QVERIFY(i.data(VerdictModel::TimeRole).toLongLong() > 0);
        QCOMPARE(model.index(server42, VerdictModel::TimeColumn).data().toString(), u"2026-01-01 00:06:50"_s);

        // Value and currency: a value as a number, none as null.
        bool sawValue = false, sawNone = false;
        for (int r = 0; r < model.rowCount(); ++r) {
            const QVariant v = model.index(r, 0).data(VerdictModel::ValueRole);
            sawValue |= v.isValid() && v.toDouble() > 0 && !model.index(r, 0).data(VerdictModel::CurrencyRole).toString().isEmpty();
            sawNone |= !v.isValid() && model.index(r, VerdictModel::ValueColumn).data().toString().isEmpty();
        }
        QVERIFY(sawValue);
        QVERIFY(sawNone);

        model.setAnalysis(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    // A cancelled run's empty verdicts are not shown against its events.
    void incompleteAnalysisShowsNothing()
    {
        auto partial = std::make_shared<DedupAnalysis>();
        partial->captures = m_analysis->captures;
        VerdictModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setAnalysis(partial);
        QCOMPARE(model.rowCount(), 0);
    }

    void filters()
    {
        VerdictModel model;
        VerdictFilterModel filter;
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setSourceModel(&model);
        model.setAnalysis(m_analysis);
        QCOMPARE(filter.rowCount(), 36);

        filter.setCategory(Category::IdMismatch);
        QCOMPARE(filter.rowCount(), 8);
        filter.setSide(Side::Server);
        QCOMPARE(filter.rowCount(), 4);
        for (int r = 0; r < filter.rowCount(); ++r)
            QCOMPARE(filter.index(r, VerdictModel::SideColumn).data().toString(), u"server"_s);
        filter.setText(u"  42 "_s);
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.index(0, VerdictModel::EventIdColumn).data().toString(), u"42"_s);
        filter.setText(u"PURCHASE 42"_s); // every word, any case
        QCOMPARE(filter.rowCount(), 1);
        filter.setText(u"no-such-thing"_s);
        QCOMPARE(filter.rowCount(), 0);

        filter.setText({});
        filter.setSide(std::nullopt);
        filter.setCategory(Category::TimeUnitError);
        QCOMPARE(filter.rowCount(), 4);
        filter.setCategory(std::nullopt);
        filter.setText(u"scenario-chrome.har"_s); // the source file is searchable
        QCOMPARE(filter.rowCount(), int(m_analysis->result.summary.browserEvents));
        QCOMPARE(filter.rowCount(), 18);

        filter.setText({});
        filter.sort(VerdictModel::ValueColumn, Qt::DescendingOrder);
        const double top = filter.index(0, 0).data(VerdictModel::ValueRole).toDouble();
        for (int r = 1; r < filter.rowCount(); ++r)
            QVERIFY(filter.index(r, 0).data(VerdictModel::ValueRole).toDouble() <= top);
    }

    void payloadOfAnIdMismatch()
    {
        const auto &events = m_analysis->captures.events;
        VerdictModel model;
        model.setAnalysis(m_analysis);
        const int browser = rowOf(model, u"purchase_42"_s, Side::Browser);
        const int server = rowOf(model, u"42"_s, Side::Server);
        QString note;
        const QList<PayloadField> left = payloadFields(m_analysis->captures, events[size_t(browser)], &note);
        const QList<PayloadField> right = payloadFields(m_analysis->captures, events[size_t(server)]);
        QVERIFY2(note.isEmpty(), qPrintable(note));
        QCOMPARE(left.first().key, u"pixel_id"_s);
        const QList<FieldComparison> rows = comparePayloads(left, right, events[size_t(browser)], events[size_t(server)]);
        QCOMPARE(field(rows, u"event_id"_s)->kind, FieldComparison::Kind::Differs);
        QCOMPARE(field(rows, u"event_id"_s)->left, u"purchase_42"_s);
        QCOMPARE(field(rows, u"event_id"_s)->right, u"42"_s);
        QCOMPARE(field(rows, u"event_name"_s)->kind, FieldComparison::Kind::Same);
        QCOMPARE(field(rows, u"pixel_id"_s)->kind, FieldComparison::Kind::Same);
        QCOMPARE(field(rows, u"event_time"_s)->kind, FieldComparison::Kind::Same); // ms against s, seconds apart
        QCOMPARE(field(rows, u"custom_data.value"_s)->kind, FieldComparison::Kind::Same); // "99.00" == 99
        // Fields beyond the matcher's, read back from the HAR entry and the JSON line.
        QVERIFY(field(rows, u"event_source_url"_s));
        QCOMPARE(field(rows, u"action_source"_s)->kind, FieldComparison::Kind::OnlyRight);
        QVERIFY(field(rows, u"user_data.fbp"_s));
    }

    void payloadOfATimeUnitError()
    {
        const auto &events = m_analysis->captures.events;
        qsizetype server = -1;
        for (size_t i = 0; i < events.size(); ++i) {
            if (events[i].side == Side::Server && events[i].rawTime == 1767227000200)
                server = qsizetype(i);
        }
        QVERIFY(server >= 0);
        const qint32 browser = m_analysis->result.verdicts[size_t(server)].counterpart;
        QVERIFY(browser >= 0);
        const QList<FieldComparison> rows = comparePayloads(payloadFields(m_analysis->captures, events[size_t(browser)]),
                                                            payloadFields(m_analysis->captures, events[size_t(server)]),
                                                            events[size_t(browser)], events[size_t(server)]);
        QCOMPARE(field(rows, u"event_time"_s)->kind, FieldComparison::Kind::Differs);
        QCOMPARE(field(rows, u"event_time"_s)->right, u"1767227000200"_s);
    }

    void delays()
    {
        const DelayHistogram h = delayHistogram(*m_analysis);
        qint64 sum = 0;
        for (const DelayHistogram::Bin &bin : h.bins)
            sum += bin.pairs;
        QCOMPARE(sum, h.pairs);
        QVERIFY(h.pairs >= 10);
        QCOMPARE(h.bins.last().pairs, 1); // the outside_window pair, 50 h apart
        QCOMPARE(h.bins.first().pairs, 1); // the Lead the server sent 10 min before the Pixel
        QVERIFY(h.medianMs > 0 && h.medianMs < 60 * 1000);
        QCOMPARE(delayHistogram(DedupAnalysis{m_analysis->captures, {}}).pairs, 0); // no verdicts, no pairs
    }

    void jobRunsOnAWorkerAndReports()
    {
        DedupJob job;
        QSignalSpy progressed(&job, &DedupJob::progressed);
        QSignalSpy finished(&job, &DedupJob::finished);
        QSignalSpy cancelled(&job, &DedupJob::cancelled);
        QVERIFY(job.start(scenarioRequest()));
        QVERIFY(job.isRunning());
        QVERIFY(!job.start(scenarioRequest())); // one run at a time
        QVERIFY(finished.wait(20000));
        QVERIFY(!job.isRunning());
        QCOMPARE(cancelled.count(), 0);
        QVERIFY(!progressed.isEmpty());
        QCOMPARE(progressed.last().at(0).toDouble(), 1.0);
        const auto analysis = finished.first().at(0).value<DedupAnalysisPtr>();
        QVERIFY(analysis);
        QCOMPARE(analysis->result.summary.perCategory[int(Category::IdMismatch)],
                 m_analysis->result.summary.perCategory[int(Category::IdMismatch)]);
        QCOMPARE(analysis->result.verdicts.size(), size_t(36));
    }

    void jobCancels()
    {
        DedupJob job;
        QSignalSpy finished(&job, &DedupJob::finished);
        QSignalSpy cancelled(&job, &DedupJob::cancelled);
        QVERIFY(job.start(scenarioRequest()));
        job.cancel();
        QVERIFY(cancelled.wait(20000));
        QCOMPARE(finished.count(), 0);
        QVERIFY(!job.isRunning());
        QVERIFY(job.start(scenarioRequest())); // usable again after a cancel
        QVERIFY(finished.wait(20000));
    }

    void cancelledRunGivesNothing()
    {
        const std::atomic<bool> cancel{true};
        QVERIFY(!analyseCaptures(scenarioRequest(), {}, &cancel));
    }

    // A job destroyed mid-run joins its thread and announces nothing.
    void destroyedMidRun()
    {
        auto job = std::make_unique<DedupJob>();
        QVERIFY(job->start(scenarioRequest()));
        job.reset();
    }
};

QTEST_GUILESS_MAIN(TestVerdictModel)
#include "tst_verdictmodel.moc"
