// LogPane driven as a user would, offscreen: filter bar, detail view, follow tail, shortcuts,
// export, saved state; the display proxy under QAbstractItemModelTester; screenshots.
#include "log/logbus.h"
#include "log/logcolumns.h"
#include "log/logfiltermodel.h"
#include "log/logmodel.h"
#include "models/logdisplaymodel.h"
#include "widgets/logpane.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>
#include <QtGui/QClipboard>
#include <QtGui/QGuiApplication>
#include <QtGui/QIcon>
#include "darkpalette.h"

#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableView>
#include <QtWidgets/QTextBrowser>

using namespace Qt::StringLiterals;
using namespace capiqa;
using log::Direction;
using log::Level;
using log::LogBus;
using log::LogColumn;
using log::LogEntry;

namespace {

const QString Token = u"EAAB-very-secret-token-42"_s;

LogEntry outgoing(quint64 sendId, int attempt, const QString &profile = u"Local emulator"_s)
{
    LogEntry e;
    e.direction = Direction::Outgoing;
    e.sendId = sendId;
    e.attempt = attempt;
    e.profile = profile;
    e.method = u"POST"_s;
    e.url = u"http://127.0.0.1:8765/v21.0/1234567890/events?access_token="_s + Token;
    e.eventCount = 1;
    e.message = u"POST 1 event(s)"_s;
    e.requestHeaders = {{u"Content-Type"_s, u"application/json"_s}, {u"Authorization"_s, u"Bearer "_s + Token}};
    e.requestBody = u"{\"data\":[{\"event_name\":\"Purchase\",\"event_id\":\"order-"_s + QString::number(sendId)
        + u"\",\"user_data\":{\"em\":[\"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4\"]}}],"
          u"\"test_event_code\":\"TEST_CAPIQA\",\"access_token\":\""_s
        + Token + u"\"}"_s;
    return e;
}

LogEntry incoming(quint64 sendId, int attempt, int status, const QString &profile = u"Local emulator"_s)
{
    LogEntry e = outgoing(sendId, attempt, profile);
    e.direction = Direction::Incoming;
    e.requestHeaders.clear();
    e.requestBody.clear();
    e.httpStatus = status;
    e.durationMs = 20 + qint64(sendId % 7) * 13;
    e.fbtraceId = u"AX"_s + QString::number(sendId * 7919 + 1'000'003, 36).toUpper();
    e.responseHeaders = {{u"Content-Type"_s, u"application/json"_s}};
    if (status == 200) {
        e.message = u"HTTP 200: 1 event(s) received"_s;
        e.responseBody = u"{\"events_received\":1,\"messages\":[],\"fbtrace_id\":\""_s + e.fbtraceId + u"\"}"_s;
    } else {
        e.level = status >= 500 ? Level::Warning : Level::Error;
        e.error = status >= 500 ? u"(#2) Service temporarily unavailable"_s
                                : u"(#100) Invalid parameter: event_time is too far in the past"_s;
        e.message = u"HTTP "_s + QString::number(status) + u": "_s + e.error;
        e.responseBody = u"{\"error\":{\"message\":\"Invalid parameter\",\"code\":100,\"fbtrace_id\":\""_s
            + e.fbtraceId + u"\"}}"_s;
    }
    return e;
}

LogEntry note(const QString &message, Level level = Level::Warning)
{
    LogEntry e;
    e.level = level;
    e.message = message;
    return e;
}

/// A plausible session: sends that succeed, a retried 503, a rejected event, a refused
/// connection, profiles "Local emulator" and "Shop (test)".
void postSession(LogBus &bus)
{
    for (quint64 id = 1; id <= 6; ++id) {
        const QString profile = id % 3 == 0 ? u"Shop (test)"_s : u"Local emulator"_s;
        bus.post(outgoing(id, 1, profile));
        if (id == 3) {
            bus.post(incoming(id, 1, 503, profile));
            bus.post(note(u"Retrying in 512 ms: HTTP 503 (transient)"_s));
            bus.post(outgoing(id, 2, profile));
            bus.post(incoming(id, 2, 200, profile));
        } else if (id == 5) {
            bus.post(incoming(id, 1, 400, profile));
        } else {
            bus.post(incoming(id, 1, 200, profile));
        }
    }
    LogEntry refused = incoming(7, 1, 0);
    refused.fbtraceId.clear();
    refused.responseBody.clear();
    refused.responseHeaders.clear();
    refused.level = Level::Error;
    refused.error = u"Connection refused (is the emulator running?)"_s;
    refused.message = u"No answer: connection refused"_s;
    bus.post(outgoing(7, 1));
    bus.post(refused);
}


QPalette lightPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xf3, 0xf4, 0xf6));
    p.setColor(QPalette::WindowText, QColor(0x1f, 0x23, 0x28));
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf6, 0xf8, 0xfa));
    p.setColor(QPalette::Text, QColor(0x1f, 0x23, 0x28));
    p.setColor(QPalette::Button, QColor(0xf3, 0xf4, 0xf6));
    p.setColor(QPalette::ButtonText, QColor(0x1f, 0x23, 0x28));
    p.setColor(QPalette::Highlight, QColor(0x0a, 0x69, 0xda));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x6e, 0x77, 0x81));
    return p;
}

template <typename T>
T *child(const gui::LogPane &pane, const char *name)
{
    T *widget = pane.findChild<T *>(QLatin1StringView(name));
    if (!widget)
        qFatal("no child %s", name);
    return widget;
}

QString cell(const QAbstractItemModel *model, int row, LogColumn column)
{
    return model->index(row, int(column)).data().toString();
}

/// The row of the view showing entry `id`.
int viewRowOf(const gui::LogPane &pane, quint64 id)
{
    const QAbstractItemModel *m = pane.view()->model();
    for (int r = 0; r < m->rowCount(); ++r) {
        if (m->index(r, 0).data(log::EntryIdRole).toULongLong() == id)
            return r;
    }
    return -1;
}

} // namespace

class TestLogPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setStyle(u"Fusion"_s);
        QApplication::setPalette(lightPalette());
    }

    void displayProxyUnderModelTester()
    {
        LogBus bus;
        log::LogModel model(&bus);
        gui::LogDisplayModel display(lightPalette());
        QAbstractItemModelTester tester(&display, QAbstractItemModelTester::FailureReportingMode::QtTest);
        display.setSourceModel(&model);
        postSession(bus);
        QTRY_COMPARE(display.rowCount(), 17);

        // Row 1: the 200 answer; row 4: the 503; the last row: no answer.
        const QModelIndex ok = display.index(1, int(LogColumn::Status));
        QCOMPARE(ok.data().toString(), u"200"_s);
        QCOMPARE(ok.data(Qt::ForegroundRole).value<QColor>(), display.successColor());
        QCOMPARE(ok.data(Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
        QCOMPARE(ok.data(Qt::ToolTipRole).toString(), u"HTTP 200 OK"_s);
        QVERIFY(!ok.data(Qt::BackgroundRole).isValid());
        const QModelIndex unavailable = display.index(5, int(LogColumn::Status));
        QCOMPARE(unavailable.data().toString(), u"503"_s);
        QCOMPARE(unavailable.data(Qt::ForegroundRole).value<QColor>(), display.errorColor());
        QCOMPARE(unavailable.data(Qt::BackgroundRole).value<QColor>(), display.errorRowBackground());
        const QModelIndex failed = display.index(16, int(LogColumn::Status));
        QCOMPARE(failed.data().toString(), u"failed"_s);
        QVERIFY(failed.data(Qt::ToolTipRole).toString().contains(u"Connection refused"_s));

        const QIcon out = display.index(0, int(LogColumn::Direction)).data(Qt::DecorationRole).value<QIcon>();
        const QIcon in = display.index(1, int(LogColumn::Direction)).data(Qt::DecorationRole).value<QIcon>();
        QVERIFY(!out.isNull());
        QVERIFY(!in.isNull());
        QVERIFY(out.pixmap(16).toImage() != in.pixmap(16).toImage());
        QVERIFY(!display.index(0, int(LogColumn::Endpoint)).data(Qt::DecorationRole).isValid());
        QVERIFY(display.index(0, int(LogColumn::Endpoint)).data(Qt::ToolTipRole).toString().contains(u"REDACTED"_s));
        QVERIFY(!display.headerData(int(LogColumn::FbtraceId), Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());

        // The palette decides: a dark one gets light tones, and both stay readable.
        QSignalSpy changed(&display, &QAbstractItemModel::dataChanged);
        display.setPalette(darkPalette());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(ok.data(Qt::ForegroundRole).value<QColor>(), display.successColor());
    }

    void coloursReadableInLightAndDark_data()
    {
        QTest::addColumn<QPalette>("palette");
        QTest::newRow("light") << lightPalette();
        QTest::newRow("dark") << darkPalette();
        QTest::newRow("default") << QPalette();
    }

    void coloursReadableInLightAndDark()
    {
        QFETCH(QPalette, palette);
        QCOMPARE(gui::contrastRatio(Qt::black, Qt::white), 21.0);
        QVERIFY(qAbs(gui::contrastRatio(QColor(0x77, 0x77, 0x77), Qt::white) - 4.48) < 0.01);
        const gui::LogDisplayModel display(palette);
        const QColor base = palette.color(QPalette::Base);
        for (const QColor &c : {display.successColor(), display.warningColor(), display.errorColor()})
            QVERIFY2(gui::contrastRatio(c, base) >= 4.5, qPrintable(c.name() + u" on "_s + base.name()));
        QVERIFY(gui::contrastRatio(display.errorColor(), display.errorRowBackground()) >= 4.5);
        QVERIFY(gui::contrastRatio(palette.color(QPalette::Text), display.errorRowBackground()) >= 4.5);
    }

    void typingFiltersRows()
    {
        LogBus bus;
        gui::LogPane pane(&bus, u"requestLog"_s);
        pane.resize(1000, 600);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        postSession(bus);
        QAbstractItemModel *shown = pane.view()->model();
        QTRY_COMPARE(shown->rowCount(), 17);
        QCOMPARE(child<QLabel>(pane, "countLabel")->text(), u"17 entries"_s);

        QTest::keyClicks(child<QLineEdit>(pane, "filterEdit"), u"retrying"_s);
        QTRY_COMPARE(shown->rowCount(), 1);
        QCOMPARE(cell(shown, 0, LogColumn::Message), u"Retrying in 512 ms: HTTP 503 (transient)"_s);
        QCOMPARE(child<QLabel>(pane, "countLabel")->text(), u"1 of 17"_s);
        child<QLineEdit>(pane, "filterEdit")->clear();
        QTRY_COMPARE(shown->rowCount(), 17);

        auto *status = child<QComboBox>(pane, "statusCombo");
        status->setCurrentIndex(status->findText(u"4xx client error"_s));
        QCOMPARE(shown->rowCount(), 1);
        QCOMPARE(cell(shown, 0, LogColumn::Status), u"400"_s);
        status->setCurrentIndex(status->findText(u"Network error"_s));
        QCOMPARE(shown->rowCount(), 1);
        status->setCurrentIndex(0);

        auto *profile = child<QComboBox>(pane, "profileCombo");
        QCOMPARE(profile->count(), 3); // All, Local emulator, Shop (test)
        profile->setCurrentIndex(profile->findText(u"Shop (test)"_s));
        QCOMPARE(shown->rowCount(), 6); // sends 3 (two attempts) and 6; the retry note has no profile
        child<QCheckBox>(pane, "onlyErrorsCheck")->setChecked(true);
        QCOMPARE(shown->rowCount(), 1); // the 503
        profile->setCurrentIndex(0);
        QCOMPARE(shown->rowCount(), 3); // 503, 400, the refused connection
    }

    void detailShowsPrettyJsonWithTheTokenRedacted()
    {
        LogBus bus;
        gui::LogPane pane(&bus, u"requestLog"_s);
        pane.resize(1000, 600);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        bus.post(outgoing(1, 1));
        bus.post(incoming(1, 1, 200));
        QTRY_COMPARE(pane.view()->model()->rowCount(), 2);

        // Click the answer: the Request tab shows the request it answers.
        const QModelIndex answer = pane.view()->model()->index(1, int(LogColumn::Endpoint));
        QTest::mouseClick(pane.view()->viewport(), Qt::LeftButton, {}, pane.view()->visualRect(answer).center());
        QCOMPARE(pane.view()->currentIndex().row(), 1);
        const QString request = child<QPlainTextEdit>(pane, "requestText")->toPlainText();
        QVERIFY2(request.contains(u"\n    \"access_token\": \"REDACTED\""_s), qPrintable(request));
        QVERIFY(request.contains(u"\"event_name\": \"Purchase\""_s));
        QVERIFY(request.contains(u"Authorization: REDACTED"_s));
        QVERIFY(request.startsWith(u"POST http://127.0.0.1:8765/v21.0/1234567890/events?access_token=REDACTED"_s));
        const QString response = child<QPlainTextEdit>(pane, "responseText")->toPlainText();
        QVERIFY2(response.startsWith(u"HTTP 200 OK"_s), qPrintable(response));
        QVERIFY(response.contains(u"\"events_received\": 1"_s));
        const QString overview = child<QTextBrowser>(pane, "overviewText")->toPlainText();
        QVERIFY(overview.contains(u"fbtrace_id"_s));
        QVERIFY(overview.contains(u"1 (first try)"_s));
        for (const QString &text : {request, response, overview})
            QVERIFY(!text.contains(Token));

        pane.clear();
        QCOMPARE(pane.view()->model()->rowCount(), 0);
        QVERIFY(child<QPlainTextEdit>(pane, "requestText")->toPlainText().isEmpty());
    }

    void followsTheTailUntilTheUserScrollsUp()
    {
        LogBus bus(5000);
        gui::LogPane pane(&bus, u"requestLog"_s);
        pane.resize(900, 500);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QScrollBar *bar = pane.view()->verticalScrollBar();
        QVERIFY(pane.isFollowingTail());

        for (int i = 0; i < 400; ++i)
            bus.post(note(u"entry "_s + QString::number(i), Level::Info));
        QTRY_COMPARE(pane.view()->model()->rowCount(), 400);
        QVERIFY(bar->maximum() > 0);
        QCOMPARE(bar->value(), bar->maximum());

        // The user scrolls up: following stops and new rows do not move the view.
        QTest::keyClick(pane.view(), Qt::Key_Home, Qt::ControlModifier);
        QVERIFY(!pane.isFollowingTail());
        const int readingAt = bar->value();
        for (int i = 0; i < 100; ++i)
            bus.post(note(u"more "_s + QString::number(i), Level::Info));
        QTRY_COMPARE(pane.view()->model()->rowCount(), 500);
        QCOMPARE(bar->value(), readingAt);

        // Back at the end, it follows again.
        QTest::keyClick(pane.view(), Qt::Key_End, Qt::ControlModifier);
        QVERIFY2(pane.isFollowingTail(), qPrintable(u"%1 of %2"_s.arg(bar->value()).arg(bar->maximum())));
        for (int i = 0; i < 100; ++i)
            bus.post(note(u"last "_s + QString::number(i), Level::Info));
        QTRY_COMPARE(pane.view()->model()->rowCount(), 600);
        QCOMPARE(bar->value(), bar->maximum());
        const QRect last = pane.view()->visualRect(pane.view()->model()->index(599, 0));
        QVERIFY2(last.top() >= 0 && last.bottom() <= pane.view()->viewport()->height(),
                 qPrintable(u"row at %1, viewport height %2, bar %3 of %4"_s.arg(last.top()).arg(pane.view()->viewport()->height()).arg(bar->value()).arg(bar->maximum())));
    }

    void droppedCounterShows()
    {
        LogBus bus;
        gui::LogPane pane(&bus, u"requestLog"_s);
        pane.model()->setCapacity(10);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        auto *dropped = child<QLabel>(pane, "droppedLabel");
        QVERIFY(!dropped->isVisible());
        for (int i = 0; i < 25; ++i)
            bus.post(note(QString::number(i)));
        QTRY_COMPARE(pane.model()->droppedCount(), 15u);
        QVERIFY(dropped->isVisible());
        QVERIFY2(dropped->text().contains(u"15 older dropped"_s), qPrintable(dropped->text()));
        QCOMPARE(pane.view()->model()->rowCount(), 10);
    }

    void keyboard()
    {
        LogBus bus;
        gui::LogPane pane(&bus, u"requestLog"_s);
        pane.resize(1000, 600);
        pane.show();
        QVERIFY(QTest::qWaitForWindowActive(&pane));
        postSession(bus);
        QTRY_COMPARE(pane.view()->model()->rowCount(), 17);

        pane.view()->setFocus();
        pane.view()->selectRow(0);
        QTest::keyClick(pane.view(), Qt::Key_Down, Qt::ShiftModifier);
        QTest::keyClick(pane.view(), Qt::Key_C, Qt::ControlModifier);
        const QStringList lines = QGuiApplication::clipboard()->text().split(u'\n');
        QCOMPARE(lines.size(), 2);
        const QStringList cells = lines.at(1).split(u'\t');
        QCOMPARE(cells.size(), log::LogColumnCount);
        QCOMPARE(cells.at(int(LogColumn::Status)), u"200"_s);
        QCOMPARE(cells.at(int(LogColumn::Endpoint)), u"POST /v21.0/1234567890/events"_s);

        QTest::keyClick(pane.view(), Qt::Key_F, Qt::ControlModifier);
        QVERIFY(child<QLineEdit>(pane, "filterEdit")->hasFocus());
        QTest::keyClick(child<QLineEdit>(pane, "filterEdit"), Qt::Key_L, Qt::ControlModifier);
        QCOMPARE(pane.view()->model()->rowCount(), 0);
        QCOMPARE(bus.size(), 0);
    }

    void exportsSelectionAndAll()
    {
        LogBus bus;
        gui::LogPane pane(&bus, u"requestLog"_s);
        pane.show();
        postSession(bus);
        QTRY_COMPARE(pane.view()->model()->rowCount(), 17);
        QTemporaryDir dir;

        // Only the answer is selected; the HAR gets the request with it.
        pane.view()->selectRow(viewRowOf(pane, 2));
        QSignalSpy exported(&pane, &gui::LogPane::exported);
        const QString har = dir.filePath(u"selection.har"_s);
        QVERIFY(pane.exportEntries(har, log::ExportFormat::Har, true));
        QVERIFY(exported.wait());
        QCOMPARE(exported.at(0).at(0).toString(), har);
        QCOMPARE(exported.at(0).at(1).value<qsizetype>(), 1);
        QVERIFY(exported.at(0).at(2).toString().isEmpty());
        QFile harFile(har);
        QVERIFY(harFile.open(QIODevice::ReadOnly));
        const QByteArray harBytes = harFile.readAll();
        QVERIFY(!harBytes.contains(Token.toUtf8()));
        const QJsonObject log = QJsonDocument::fromJson(harBytes).object().value(u"log"_s).toObject();
        QCOMPARE(log.value(u"version"_s).toString(), u"1.2"_s);
        const QJsonObject entry = log.value(u"entries"_s).toArray().at(0).toObject();
        QCOMPARE(entry.value(u"response"_s).toObject().value(u"status"_s).toInt(), 200);
        QVERIFY(entry.value(u"request"_s).toObject().value(u"postData"_s).toObject().value(u"text"_s).toString().contains(u"order-1"_s));

        // Everything the filter shows, as JSON Lines.
        child<QCheckBox>(pane, "onlyErrorsCheck")->setChecked(true);
        const QString jsonl = dir.filePath(u"errors.jsonl"_s);
        QVERIFY(pane.exportEntries(jsonl, log::ExportFormat::JsonLines, false));
        QVERIFY(exported.wait());
        QCOMPARE(exported.at(1).at(1).value<qsizetype>(), 3);
        QFile lines(jsonl);
        QVERIFY(lines.open(QIODevice::ReadOnly));
        QCOMPARE(lines.readAll().count('\n'), 3);

        // A file that cannot be written: the error names it.
        const QString bad = dir.filePath(u"no/such/dir/x.har"_s);
        QVERIFY(pane.exportEntries(bad, log::ExportFormat::Har, false));
        QVERIFY(exported.wait());
        QVERIFY(exported.at(2).at(2).toString().startsWith(bad));
    }

    void stateRoundTrip()
    {
        LogBus bus;
        QByteArray state;
        {
            gui::LogPane pane(&bus, u"requestLog"_s);
            QCOMPARE(pane.settingsKey(), u"requestLog"_s);
            pane.view()->horizontalHeader()->resizeSection(int(LogColumn::Message), 333);
            pane.view()->horizontalHeader()->setSectionHidden(int(LogColumn::Profile), true);
            pane.view()->horizontalHeader()->moveSection(int(LogColumn::Error), 0);
            pane.setFollowingTail(false);
            state = pane.saveState();
        }
        gui::LogPane restored(&bus, u"requestLog"_s);
        QVERIFY(!restored.restoreState("garbage"_ba));
        QVERIFY(restored.isFollowingTail());
        QVERIFY(restored.restoreState(state));
        QCOMPARE(restored.view()->horizontalHeader()->sectionSize(int(LogColumn::Message)), 333);
        QVERIFY(restored.view()->horizontalHeader()->isSectionHidden(int(LogColumn::Profile)));
        QCOMPARE(restored.view()->horizontalHeader()->visualIndex(int(LogColumn::Error)), 0);
        QVERIFY(!restored.isFollowingTail());
    }

    void screenshots_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QPalette>("palette");
        QTest::addColumn<QString>("tab");
        QTest::newRow("light") << u"logpane.png"_s << lightPalette() << u"overviewTab"_s;
        QTest::newRow("dark") << u"logpane-dark.png"_s << darkPalette() << u"requestTab"_s;
    }

    void screenshots()
    {
        QFETCH(QString, file);
        QFETCH(QPalette, palette);
        QFETCH(QString, tab);
        LogBus bus;
        gui::LogPane pane(&bus, u"requestLog"_s);
        pane.setPalette(palette);
        pane.resize(1280, 620);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        postSession(bus);
        QTRY_COMPARE(pane.view()->model()->rowCount(), 17);
        pane.view()->selectRow(viewRowOf(pane, 6)); // the 503 answer
        QVERIFY(child<QPlainTextEdit>(pane, "responseText")->toPlainText().startsWith(u"HTTP 503 Service Unavailable"_s));
        auto *tabs = child<QTabWidget>(pane, "detailTabs");
        tabs->setCurrentWidget(child<QWidget>(pane, tab.toLatin1().constData()));

        const QImage image = pane.grab().toImage();
        QVERIFY(!image.isNull());
        const QString dirPath = QStringLiteral(CAPIQA_SCREENSHOT_DIR);
        QVERIFY(QDir().mkpath(dirPath));
        QVERIFY(image.save(dirPath + u'/' + file));
    }
};

QTEST_MAIN(TestLogPane)
#include "tst_logpane.moc"
