// The results table model of a replay, under QAbstractItemModelTester.
#include "replay/outcomemodel.h"

#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace capiqa::replay;

namespace {

EventOutcome outcome(qint64 index, OutcomeStatus status, const QString &error = {})
{
    EventOutcome o;
    o.index = index;
    o.user = index / 2;
    o.step = int(index % 2);
    o.eventName = index % 2 ? u"Purchase"_s : u"Lead"_s;
    o.eventId = u"id_%1"_s.arg(index);
    o.status = status;
    o.httpStatus = status == OutcomeStatus::Accepted ? 200 : status == OutcomeStatus::Rejected ? 400 : 0;
    o.error = error;
    return o;
}

} // namespace

class TestOutcomeModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsAndUpdates()
    {
        OutcomeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.columnCount(), int(OutcomeModel::ColumnCount));
        QCOMPARE(model.headerData(OutcomeModel::EventIdColumn, Qt::Horizontal).toString(), u"event_id"_s);

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.append({outcome(0, OutcomeStatus::Accepted), outcome(1, OutcomeStatus::Unknown, u"timeout"_s),
                      outcome(2, OutcomeStatus::Rejected, u"(#100) Invalid parameter"_s)});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.data(model.index(1, OutcomeModel::StatusColumn)).toString(), u"unknown"_s);
        QCOMPARE(model.data(model.index(1, OutcomeModel::UserColumn)).toLongLong(), 1);
        QCOMPARE(model.data(model.index(1, OutcomeModel::StepColumn)).toInt(), 2);
        QCOMPARE(model.data(model.index(2, OutcomeModel::HttpColumn)).toInt(), 400);
        QVERIFY(!model.data(model.index(1, OutcomeModel::HttpColumn)).isValid());
        QCOMPARE(model.data(model.index(2, OutcomeModel::ErrorColumn)).toString(), u"(#100) Invalid parameter"_s);
        QCOMPARE(model.data(model.index(2, OutcomeModel::EventColumn), OutcomeModel::StatusRole).toInt(), int(OutcomeStatus::Rejected));
        QCOMPARE(model.data(model.index(2, 0), OutcomeModel::EventIndexRole).toLongLong(), 2);

        // The unknown event is re-sent and accepted: its row changes, no row is added; a new
        // event reported twice in one batch makes one row.
        model.append({outcome(1, OutcomeStatus::Accepted), outcome(3, OutcomeStatus::InFlight), outcome(3, OutcomeStatus::Accepted)});
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.outcome(1).status, OutcomeStatus::Accepted);
        QCOMPARE(model.outcome(3).status, OutcomeStatus::Accepted);
        QCOMPARE(model.data(model.index(1, OutcomeModel::ErrorColumn)).toString(), QString());

        model.append({});
        QCOMPARE(inserted.size(), 2);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        model.append({outcome(1, OutcomeStatus::Cancelled)});
        QCOMPARE(model.rowCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestOutcomeModel)
#include "tst_outcomemodel.moc"
