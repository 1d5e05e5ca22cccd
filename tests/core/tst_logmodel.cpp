#include "log/logbus.h"
#include "log/logfiltermodel.h"
#include "log/logmodel.h"

#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace capiqa::log;

namespace {

LogEntry request(quint64 sendId, int attempt, const QString &profile = u"Shop"_s)
{
    LogEntry e;
    e.direction = Direction::Outgoing;
    e.sendId = sendId;
    e.attempt = attempt;
    e.profile = profile;
    e.method = u"POST"_s;
    e.url = u"https://graph.facebook.com/v21.0/1234567890/events?access_token=secret-token-123"_s;
    e.eventCount = 2;
    e.message = u"POST 2 event(s)"_s;
    e.requestBody = u"{\"data\":[],\"access_token\":\"secret-token-123\"}"_s;
    return e;
}

LogEntry answer(quint64 sendId, int attempt, int status, const QString &profile = u"Shop"_s)
{
    LogEntry e = request(sendId, attempt, profile);
    e.direction = Direction::Incoming;
    e.requestBody.clear();
    e.httpStatus = status;
    e.durationMs = 42;
    e.fbtraceId = u"AbCdEf"_s + QString::number(sendId);
    e.level = status == 200 ? Level::Info : Level::Error;
    e.error = status == 200 ? QString() : u"(#100) Invalid parameter"_s;
    e.responseBody = u"{\"events_received\":2}"_s;
    return e;
}

LogEntry note(const QString &message)
{
    LogEntry e;
    e.message = message;
    e.level = Level::Warning;
    return e;
}

QString cell(const QAbstractItemModel &m, int row, LogColumn column)
{
    return m.index(row, int(column)).data().toString();
}

} // namespace

class TestLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsTheBusInBatches()
    {
        LogBus bus(1000);
        LogModel model(&bus);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

        for (int i = 0; i < 300; ++i)
            bus.post(note(u"entry "_s + QString::number(i)));
        // Nothing shows before the batch timer fires, then everything in one insertion.
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(inserted.wait());
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), 299);
        QCOMPARE(model.rowCount(), 300);
        QCOMPARE(cell(model, 299, LogColumn::Message), u"entry 299"_s);
        QCOMPARE(model.index(0, 0).data(EntryIdRole).toULongLong(), 1u);
    }

    void showsWhatTheBusAlreadyHeldOnce()
    {
        LogBus bus;
        for (int i = 0; i < 5; ++i)
            bus.post(note(QString::number(i)));
        // The posted() signals are still queued: the model reads the bus and must not add them twice.
        LogModel model(&bus);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 5);
        bus.post(note(u"new"_s));
        QTRY_COMPARE(model.rowCount(), 6);
        QCoreApplication::processEvents();
        model.flush();
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(cell(model, 5, LogColumn::Message), u"new"_s);
    }

    void columnsShowTheFacts()
    {
        LogBus bus;
        LogModel model(&bus);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        bus.post(request(7, 1));
        bus.post(answer(7, 1, 400));
        LogEntry dropped = answer(8, 1, 0);
        dropped.error = u"Connection refused"_s;
        bus.post(dropped);
        QTRY_COMPARE(model.rowCount(), 3);

        QCOMPARE(model.columnCount(), LogColumnCount);
        QCOMPARE(model.headerData(int(LogColumn::FbtraceId), Qt::Horizontal).toString(), u"fbtrace_id"_s);
        QCOMPARE(cell(model, 0, LogColumn::Direction), u"out"_s);
        QCOMPARE(cell(model, 0, LogColumn::Endpoint), u"POST /v21.0/1234567890/events"_s);
        QCOMPARE(cell(model, 0, LogColumn::Profile), u"Shop"_s);
        QCOMPARE(cell(model, 0, LogColumn::Events), u"2"_s);
        QCOMPARE(cell(model, 0, LogColumn::Status), QString());
        QCOMPARE(cell(model, 1, LogColumn::Direction), u"in"_s);
        QCOMPARE(cell(model, 1, LogColumn::Status), u"400"_s);
        QCOMPARE(cell(model, 1, LogColumn::Duration), u"42 ms"_s);
        QCOMPARE(cell(model, 1, LogColumn::FbtraceId), u"AbCdEf7"_s);
        QCOMPARE(cell(model, 1, LogColumn::Error), u"(#100) Invalid parameter"_s);
        QCOMPARE(cell(model, 2, LogColumn::Status), u"failed"_s);

        // The bus redacted the token before the model saw it.
        QVERIFY(model.index(0, 0).data(UrlRole).toString().endsWith(u"access_token=REDACTED"_s));
        QVERIFY(!model.entry(0).requestBody.contains(u"secret-token-123"_s));

        QCOMPARE(model.index(0, 3).data(StatusClassRole).toInt(), int(StatusClass::None));
        QCOMPARE(model.index(1, 3).data(StatusClassRole).toInt(), int(StatusClass::ClientError));
        QCOMPARE(model.index(2, 3).data(StatusClassRole).toInt(), int(StatusClass::NetworkError));
        QCOMPARE(model.index(0, 0).data(IsErrorRole).toBool(), false);
        QCOMPARE(model.index(1, 0).data(IsErrorRole).toBool(), true);
        QCOMPARE(model.profiles(), QStringList{u"Shop"_s});
    }

    void pairsRequestsWithAnswers()
    {
        LogBus bus;
        LogModel model(&bus);
        bus.post(request(1, 1));
        bus.post(request(2, 1));
        bus.post(answer(2, 1, 503));
        bus.post(note(u"retrying"_s));
        bus.post(answer(1, 1, 200));
        bus.post(request(2, 2));
        bus.post(answer(2, 2, 200));
        QTRY_COMPARE(model.rowCount(), 7);
        QCOMPARE(model.pairedRow(0), 4);
        QCOMPARE(model.pairedRow(4), 0);
        QCOMPARE(model.pairedRow(1), 2);
        QCOMPARE(model.pairedRow(2), 1);
        QCOMPARE(model.pairedRow(5), 6); // attempt 2 pairs with attempt 2, not with the 503
        QCOMPARE(model.pairedRow(6), 5);
        QCOMPARE(model.pairedRow(3), -1);
        QCOMPARE(model.rowOfId(model.entry(4).id), 4);
        QCOMPARE(model.rowOfId(999), -1);
    }

    void capacityDropsTheOldestWithACounter()
    {
        LogBus bus(100);
        LogModel model(&bus);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCapacity(10);
        QSignalSpy dropped(&model, &LogModel::droppedCountChanged);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        for (int i = 0; i < 8; ++i)
            bus.post(note(QString::number(i)));
        QTRY_COMPARE(model.rowCount(), 8);
        QCOMPARE(dropped.size(), 0);

        for (int i = 8; i < 15; ++i)
            bus.post(note(QString::number(i)));
        QTRY_COMPARE(model.droppedCount(), 5u);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(removed.size(), 1); // the overflow goes in one removal
        QCOMPARE(dropped.size(), 1);
        QCOMPARE(dropped.at(0).at(0).toULongLong(), 5u);
        QCOMPARE(cell(model, 0, LogColumn::Message), u"5"_s);
        QCOMPARE(cell(model, 9, LogColumn::Message), u"14"_s);

        // A batch larger than the capacity: only its newest entries are ever shown.
        for (int i = 15; i < 40; ++i)
            bus.post(note(QString::number(i)));
        QTRY_COMPARE(model.droppedCount(), 30u);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(cell(model, 0, LogColumn::Message), u"30"_s);

        model.setCapacity(4);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.droppedCount(), 36u);
        QCOMPARE(cell(model, 0, LogColumn::Message), u"36"_s);

        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.droppedCount(), 0u);
        QCOMPARE(dropped.last().at(0).toULongLong(), 0u);
    }

    void holdsAHundredThousandEntries()
    {
        LogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.capacity(), 100'000);
        LogEntry e = note(u"x"_s);
        for (quint64 i = 1; i <= 120'000; ++i) {
            e.id = i;
            model.append(e);
        }
        model.flush();
        QCOMPARE(model.rowCount(), 100'000);
        QCOMPARE(model.droppedCount(), 20'000u);
        QCOMPARE(model.entry(0).id, 20'001u);
        QCOMPARE(model.rowOfId(120'000), 99'999);
    }

    void keepsOnlyTheNewestBodies()
    {
        LogModel model;
        model.setBodyMemoryLimit(100);
        for (quint64 i = 1; i <= 5; ++i) {
            LogEntry e = note(QString::number(i));
            e.id = i;
            e.requestBody = QString(40, u'a');
            model.append(e);
        }
        model.flush();
        // 5 × 40 characters, at most 100 kept: the two newest keep their bodies.
        QCOMPARE(model.rowCount(), 5);
        for (int row = 0; row < 3; ++row) {
            QVERIFY(model.bodiesDropped(row));
            QVERIFY(model.entry(row).requestBody.isEmpty());
        }
        QVERIFY(!model.bodiesDropped(3));
        QCOMPARE(model.entry(4).requestBody.size(), 40);
        QCOMPARE(model.entry(3).message, u"4"_s); // the facts stay
    }

    void busClearClearsTheModel()
    {
        LogBus bus;
        LogModel model(&bus);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        bus.post(note(u"a"_s));
        QTRY_COMPARE(model.rowCount(), 1);
        bus.post(note(u"b"_s));
        bus.clear();
        QTRY_COMPARE(model.rowCount(), 0);
        QCOMPARE(model.pendingCount(), 0);
        bus.post(note(u"c"_s));
        QTRY_COMPARE(model.rowCount(), 1);
        QCOMPARE(cell(model, 0, LogColumn::Message), u"c"_s);
    }

    void filters()
    {
        LogBus bus;
        LogModel model(&bus);
        LogFilterModel filter;
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setSourceModel(&model);
        bus.post(request(1, 1, u"Shop"_s));
        bus.post(answer(1, 1, 200, u"Shop"_s));
        bus.post(request(2, 1, u"Staging"_s));
        bus.post(answer(2, 1, 503, u"Staging"_s));
        LogEntry refused = answer(3, 1, 0, u"Staging"_s);
        refused.error = u"Connection refused"_s;
        bus.post(refused);
        bus.post(note(u"Retrying in 512 ms"_s));
        QTRY_COMPARE(filter.rowCount(), 6);

        QSignalSpy changed(&filter, &LogFilterModel::filterChanged);
        filter.setText(u"  retrying "_s);
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(cell(filter, 0, LogColumn::Message), u"Retrying in 512 ms"_s);
        filter.setText(u"abcdef2"_s); // fbtrace_id, any case
        QCOMPARE(filter.rowCount(), 1);
        filter.setText(u"503"_s);
        QCOMPARE(filter.rowCount(), 1);
        filter.setText(u"REDACTED"_s); // the URL, as shown
        QCOMPARE(filter.rowCount(), 5);
        filter.setText(QString());
        QCOMPARE(changed.size(), 5);

        filter.setStatusClass(StatusClass::Success);
        QCOMPARE(filter.rowCount(), 1);
        filter.setStatusClass(StatusClass::ServerError);
        QCOMPARE(filter.rowCount(), 1);
        filter.setStatusClass(StatusClass::NetworkError);
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(cell(filter, 0, LogColumn::Error), u"Connection refused"_s);
        filter.setStatusClass(StatusClass::None);
        QCOMPARE(filter.rowCount(), 3);
        filter.setStatusClass(std::nullopt);

        filter.setProfile(u"Staging"_s);
        QCOMPARE(filter.rowCount(), 3);
        filter.setOnlyErrors(true);
        QCOMPARE(filter.rowCount(), 2);
        filter.setProfile(QString());
        QCOMPARE(filter.rowCount(), 2);
        filter.setOnlyErrors(false);
        QCOMPARE(filter.rowCount(), 6);

        // New rows go through the filter as they arrive.
        filter.setProfile(u"Shop"_s);
        bus.post(request(4, 1, u"Shop"_s));
        bus.post(request(5, 1, u"Other"_s));
        QTRY_COMPARE(model.rowCount(), 8);
        QCOMPARE(filter.rowCount(), 3);
        QCOMPARE(model.profiles(), (QStringList{u"Shop"_s, u"Staging"_s, u"Other"_s}));
    }
};

QTEST_GUILESS_MAIN(TestLogModel)
#include "tst_logmodel.moc"
