// The dedup checker page driven through its real widgets, offscreen: the fixture pair analysed
// on the worker, the summary against the expected categories, filters, the side-by-side payloads
// of a pair, export, a truncated HAR, cancel, drag and drop, and screenshots in light and dark.
#include "consolefixture.h"
#include "darkpalette.h"
#include "dedup/verdictmodel.h"
#include "log/logbus.h"
#include "mainwindow.h"
#include "models/logdisplaymodel.h"
#include "models/verdictdisplaymodel.h"
#include "pages/dedupage.h"
#include "settings/appsettings.h"
#include "settings/preferences.h"
#include "settings/profilestore.h"
#include "settings/secretstore.h"
#include "transport/capiclient.h"
#include "widgets/dedupcharts.h"
#include "widgets/filedroplist.h"
#include "widgets/payloaddiffview.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QMimeData>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtGui/QDropEvent>
#include <QtGui/QTextDocumentFragment>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTableView>

#include <memory>

using namespace Qt::StringLiterals;
using namespace capiqa;

namespace {

const QString Data = QStringLiteral(CAPIQA_TEST_DATA) + u"/dedup/"_s;
const QString Har = Data + u"scenario-chrome.har"_s;
const QString Server = Data + u"scenario-server.jsonl"_s;

// category → events and effect → events, from the fixture's expected file.
QMap<QString, int> expectedCounts(int column = 2)
{
    QFile file(Data + u"scenario-expected.csv"_s);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("no scenario-expected.csv");
    QMap<QString, int> counts;
    const QList<QByteArray> rows = file.readAll().trimmed().split('\n').mid(1);
    for (const QByteArray &row : rows)
        ++counts[QString::fromUtf8(row.split(',').at(column))];
    return counts;
}


} // namespace

class TestDedupPage : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<gui::DedupPage> m_page;

    template<typename T>
    T *child(const char *name) const
    {
        return capiqa::test::namedChild<T>(m_page.get(), name);
    }

    QTableView *table() const { return child<QTableView>("verdictTable"); }

    void analyse(const QStringList &browser, const QStringList &server)
    {
        m_page->addFiles(browser, capture::Side::Browser);
        m_page->addFiles(server, capture::Side::Server);
        child<QLineEdit>("pixelEdit")->setText(u"1234567890"_s);
        QSignalSpy analysed(m_page.get(), &gui::DedupPage::analysed);
        QVERIFY(child<QPushButton>("analyseButton")->isEnabled());
        QTest::mouseClick(child<QPushButton>("analyseButton"), Qt::LeftButton);
        QVERIFY(m_page->isRunning());
        QVERIFY(child<QPushButton>("cancelButton")->isEnabled());
        QVERIFY(analysed.wait(30000));
        QVERIFY(!m_page->isRunning());
        QVERIFY(!child<QPushButton>("cancelButton")->isEnabled());
    }

    // The view row showing a given event.
    int viewRow(const QString &eventId, capture::Side side) const
    {
        const QAbstractItemModel *m = table()->model();
        for (int r = 0; r < m->rowCount(); ++r) {
            const QModelIndex i = m->index(r, 0);
            if (i.data(dedup::VerdictModel::EventIdRole).toString() == eventId && i.data(dedup::VerdictModel::SideRole).toInt() == int(side))
                return r;
        }
        return -1;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_page = std::make_unique<gui::DedupPage>(gui::ConsoleServices{});
        m_page->resize(1400, 900);
    }

    void cleanup() { m_page.reset(); }

    void analysesTheFixturePair()
    {
        QAbstractItemModelTester tester(table()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(!child<QPushButton>("analyseButton")->isEnabled()); // nothing to analyse yet
        analyse({Har}, {Server});
        QVERIFY(m_page->analysis());
        QCOMPARE(table()->model()->rowCount(), 36);
        QCOMPARE(child<QLabel>("countLabel")->text(), u"36 events"_s);
        QVERIFY(!child<QListWidget>("issueList")->isVisibleTo(m_page.get()) || child<QListWidget>("issueList")->count() > 0);

        const QMap<QString, int> expected = expectedCounts();
        const QString summary = QTextDocumentFragment::fromHtml(child<QLabel>("summaryLabel")->text()).toPlainText();
        const auto *charts = child<gui::DedupCharts>("charts");
        for (int c = 0; c < dedup::CategoryCount; ++c) {
            const QString name = dedup::categoryName(dedup::Category(c));
            QCOMPARE(m_page->analysis()->result.summary.perCategory[c], qint64(expected.value(name)));
            QCOMPARE(charts->categoryCounts()[size_t(c)], qint64(expected.value(name)));
            QVERIFY2(summary.contains(u"%1 %2"_s.arg(name).arg(expected.value(name))), qPrintable(summary));
        }
        QVERIFY2(summary.contains(u"36 events (18 browser · 18 server)"_s), qPrintable(summary));
        QVERIFY2(summary.contains(u"99.50 EUR"_s) && summary.contains(u"159.00 USD"_s), qPrintable(summary));
        QVERIFY2(summary.contains(u"rejected by Meta: %1"_s.arg(expectedCounts(3).value(u"rejected"_s))), qPrintable(summary));
        QVERIFY2(summary.contains(u"counted twice: %1"_s.arg(expectedCounts(3).value(u"counted_again"_s))), qPrintable(summary));
        QVERIFY(charts->delays().pairs > 0);
        // The first row is selected and explained.
        QVERIFY(!child<QLabel>("explanationLabel")->text().isEmpty());
    }

    void filters()
    {
        analyse({Har}, {Server});
        QAbstractItemModelTester tester(table()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto *categories = child<QComboBox>("categoryCombo");
        categories->setCurrentIndex(categories->findData(int(dedup::Category::IdMismatch)));
        QCOMPARE(table()->model()->rowCount(), expectedCounts().value(u"id_mismatch"_s));
        for (int r = 0; r < table()->model()->rowCount(); ++r)
            QCOMPARE(table()->model()->index(r, dedup::VerdictModel::CategoryColumn).data().toString(), u"id_mismatch"_s);
        QCOMPARE(child<QLabel>("countLabel")->text(), u"8 of 36 events"_s);

        auto *sides = child<QComboBox>("sideCombo");
        sides->setCurrentIndex(sides->findData(int(capture::Side::Browser)));
        QCOMPARE(table()->model()->rowCount(), 4);
        QTest::keyClicks(child<QLineEdit>("filterEdit"), u"purchase_42"_s);
        QCOMPARE(table()->model()->rowCount(), 1);
        child<QLineEdit>("filterEdit")->clear();
        categories->setCurrentIndex(0);
        sides->setCurrentIndex(0);
        QCOMPARE(table()->model()->rowCount(), 36);

        // A click on a category bar filters to it.
        Q_EMIT child<gui::DedupCharts>("charts")->categoryClicked(dedup::Category::NameMismatch);
        QCOMPARE(categories->currentData().toInt(), int(dedup::Category::NameMismatch));
        QCOMPARE(table()->model()->rowCount(), expectedCounts().value(u"name_mismatch"_s));
    }

    void pairDetailHighlightsTheDifferingId()
    {
        analyse({Har}, {Server});
        const int row = viewRow(u"42"_s, capture::Side::Server);
        QVERIFY(row >= 0);
        table()->selectRow(row);
        auto *diff = child<gui::PayloadDiffView>("payloadView");
        QCOMPARE(diff->headerItem()->text(1).left(7), u"Browser"_s);
        QCOMPARE(diff->headerItem()->text(2).left(6), u"Server"_s);
        QVERIFY(diff->differingFields().contains(u"event_id"_s));
        QVERIFY(!diff->differingFields().contains(u"event_name"_s));
        QVERIFY(!diff->differingFields().contains(u"pixel_id"_s));
        const QList<QTreeWidgetItem *> idRows = diff->findItems(u"event_id"_s, Qt::MatchExactly, 0);
        QCOMPARE(idRows.size(), 1);
        QCOMPARE(idRows.first()->text(1), u"purchase_42"_s);
        QCOMPARE(idRows.first()->text(2), u"42"_s);
        QVERIFY(idRows.first()->background(1).color() != diff->palette().color(QPalette::Base));
        QVERIFY(idRows.first()->font(0).bold());
        const QString explanation = child<QLabel>("explanationLabel")->text();
        QVERIFY(explanation.contains(u"id_mismatch"_s));
        QVERIFY(explanation.contains(u"Fix:"_s));
        QVERIFY(explanation.contains(u"purchase_{id}"_s));

        // A lone event shows its own payload only.
        const int lone = viewRow(u"reg-7"_s, capture::Side::Server);
        QVERIFY(lone >= 0);
        table()->selectRow(lone);
        QVERIFY(diff->isColumnHidden(2));
        QVERIFY(diff->differingFields().isEmpty());
        QVERIFY(!diff->findItems(u"action_source"_s, Qt::MatchExactly, 0).isEmpty());
    }

    void exportsHtml()
    {
        analyse({Har}, {Server});
        const QString path = m_dir.filePath(u"report.html"_s);
        QSignalSpy exported(m_page.get(), &gui::DedupPage::exported);
        QVERIFY(m_page->exportReport(path, dedup::ReportFormat::Html));
        QVERIFY(!m_page->exportReport(path, dedup::ReportFormat::Html)); // one at a time
        QVERIFY(exported.wait(20000));
        QCOMPARE(exported.first().at(1).toString(), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray html = file.readAll();
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QVERIFY(html.contains("id_mismatch"));
        QVERIFY(!html.contains("<script"));

        QSignalSpy failed(m_page.get(), &gui::DedupPage::exported);
        QVERIFY(m_page->exportReport(m_dir.filePath(u"no-such-dir/report.csv"_s), dedup::ReportFormat::Csv));
        QVERIFY(failed.wait(20000));
        QVERIFY(!failed.first().at(1).toString().isEmpty());
    }

    // A HAR cut in the middle: the problem is listed with file and line, the rest is analysed.
    void truncatedHarIsListedAndTheRestAnalysed()
    {
        QFile full(Har);
        QVERIFY(full.open(QIODevice::ReadOnly));
        const QByteArray bytes = full.readAll();
        const QString cut = m_dir.filePath(u"cut.har"_s);
        QFile out(cut);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes.left(bytes.size() * 6 / 10));
        out.close();
        analyse({cut}, {Server});
        auto *issues = child<QListWidget>("issueList");
        QVERIFY(issues->isVisibleTo(m_page.get()));
        QVERIFY(issues->count() >= 1);
        bool named = false;
        for (int i = 0; i < issues->count(); ++i)
            named |= issues->item(i)->text().contains(u"cut.har:"_s) && issues->item(i)->text().contains(u"truncated"_s);
        QVERIFY2(named, qPrintable(issues->item(0)->text()));
        const qint64 browser = m_page->analysis()->result.summary.browserEvents;
        QVERIFY(browser > 0 && browser < 18);
        QCOMPARE(m_page->analysis()->result.summary.serverEvents, 18);
    }

    void cancels()
    {
        m_page->addFiles({Har}, capture::Side::Browser);
        m_page->addFiles({Server}, capture::Side::Server);
        QSignalSpy cancelled(m_page.get(), &gui::DedupPage::analysisCancelled);
        QSignalSpy analysed(m_page.get(), &gui::DedupPage::analysed);
        m_page->analyse();
        QVERIFY(m_page->isRunning());
        QVERIFY(child<QProgressBar>("progressBar")->isVisibleTo(m_page.get()));
        QTest::mouseClick(child<QPushButton>("cancelButton"), Qt::LeftButton);
        QVERIFY(cancelled.wait(20000));
        QCOMPARE(analysed.count(), 0);
        QVERIFY(!m_page->analysis());
        QVERIFY(child<QLabel>("progressLabel")->text().startsWith(u"Cancelled"_s));
        QVERIFY(child<QPushButton>("analyseButton")->isEnabled());
        QVERIFY(!child<QProgressBar>("progressBar")->isVisibleTo(m_page.get()));
    }

    void dropAndOpen()
    {
        auto *browser = child<gui::FileDropList>("browserList");
        auto *server = child<gui::FileDropList>("serverList");
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(Har), QUrl::fromLocalFile(Har), QUrl::fromLocalFile(Data + u"no-such.har"_s)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(browser->viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(browser->viewport(), &drop);
        QVERIFY(drop.isAccepted());
        QCOMPARE(browser->files(), QStringList{QFileInfo(Har).absoluteFilePath()}); // once; missing files are refused

        QVERIFY(m_page->openFile(Data + u"firefox.har"_s));
        QVERIFY(m_page->openFile(Server));
        QCOMPARE(browser->count(), 2);
        QCOMPARE(server->files(), QStringList{QFileInfo(Server).absoluteFilePath()});
        QString error;
        QVERIFY(!m_page->openFile(Data + u"no-such.csv"_s, &error));
        QVERIFY(error.contains(u"no-such.csv"_s));
        browser->setCurrentRow(0);
        QTest::keyClick(browser, Qt::Key_Delete);
        QCOMPARE(browser->count(), 1);
    }

    // The window sends dropped HAR and CSV captures to this page, each to its side.
    void mainWindowRoutesCaptures()
    {
        QSettings ini(m_dir.filePath(u"route.ini"_s), QSettings::IniFormat);
        settings::ProfileStore profiles(&ini);
        settings::SecretStore secrets(u"capiqa-test-dedupage"_s);
        settings::AppSettings app(&ini);
        settings::Preferences prefs(&ini);
        log::LogBus requests;
        log::LogBus received;
        transport::CapiClient client(&requests);
        gui::ConsoleServices services{&profiles, &secrets, &app, &client, &requests, &received, nullptr, &prefs};
        gui::MainWindow window(services);
        QVERIFY(window.openFile(Har));
        QCOMPARE(window.currentPageKey(), u"dedup"_s);
        const QString csv = m_dir.filePath(u"server.csv"_s);
        QFile out(csv);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("pixel_id,event_name,event_id,event_time\n1,Purchase,o-1,1767225600\n");
        out.close();
        QVERIFY(window.openFile(csv));
        const auto *page = window.dedup();
        QCOMPARE(page->findChild<gui::FileDropList *>(u"browserList"_s)->files(), QStringList{QFileInfo(Har).absoluteFilePath()});
        QCOMPARE(page->findChild<gui::FileDropList *>(u"serverList"_s)->files(), QStringList{QFileInfo(csv).absoluteFilePath()});
    }

    void stateRoundTrip()
    {
        child<QSpinBox>("windowSpin")->setValue(24);
        const QByteArray state = m_page->saveState();
        m_page = std::make_unique<gui::DedupPage>(gui::ConsoleServices{});
        m_page->restoreState(state);
        QCOMPARE(child<QSpinBox>("windowSpin")->value(), 24);
        m_page->restoreState("junk");
        QCOMPARE(child<QSpinBox>("windowSpin")->value(), 24);
    }

    void coloursAreReadable()
    {
        for (const QPalette &palette : {QApplication::palette(), darkPalette()}) {
            const QColor base = palette.color(QPalette::Base);
            for (gui::Severity s : {gui::Severity::Good, gui::Severity::Neutral, gui::Severity::Warning, gui::Severity::Bad}) {
                QVERIFY(gui::contrastRatio(gui::severityColor(s, palette), base) >= 4.5);
                QVERIFY(gui::contrastRatio(gui::severityColor(s, palette), gui::severityWash(gui::Severity::Bad, palette, 0.1)) >= 4.0);
            }
        }
    }

    void screenshots()
    {
        analyse({Har}, {Server});
        table()->selectRow(viewRow(u"42"_s, capture::Side::Server));
        QDir().mkpath(QStringLiteral(CAPIQA_BINARY_DIR "/screenshots"));
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
        QVERIFY(m_page->grab().save(QStringLiteral(CAPIQA_BINARY_DIR "/screenshots/dedup.png")));
        m_page->setPalette(darkPalette());
        QApplication::processEvents();
        QVERIFY(m_page->grab().save(QStringLiteral(CAPIQA_BINARY_DIR "/screenshots/dedup-dark.png")));
    }
};

QTEST_MAIN(TestDedupPage)
#include "tst_dedupage.moc"
