// The composer page driven through its real widgets, offscreen: live hashing preview,
// validation, the JSON tab both ways, undo, file loading and a real send to the emulator.
#include "consolefixture.h"
#include "emulator/graphemulator.h"
#include "log/logbus.h"
#include "pages/composerpage.h"
#include "settings/profilestore.h"
#include "settings/secretstore.h"
#include "transport/capiclient.h"
#include "widgets/eventform.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QDir>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtGui/QClipboard>
#include <QtGui/QGuiApplication>
#include <QtGui/QUndoStack>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDateTimeEdit>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QApplication>
#include <QtWidgets/QDialog>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QTreeWidget>

#include <memory>

using namespace Qt::StringLiterals;
using namespace capiqa;

class TestComposerPage : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    capiqa::test::ConsoleFixture m_console;
    std::unique_ptr<gui::ComposerPage> m_page;

    template<typename T>
    T *child(const char *name) const
    {
        return capiqa::test::namedChild<T>(m_page.get(), name);
    }

    static QString sha256(const QByteArray &text)
    {
        return QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex());
    }

    // Each test but the first starts from a bare event.
    void startFromBareEvent()
    {
        m_page->setRawEvent(QJsonObject{{u"event_name"_s, u"Purchase"_s}, {u"event_time"_s, u"now"_s}, {u"action_source"_s, u"website"_s}});
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        const QString problem = m_console.setUp(m_dir, u"capiqa-test-composer"_s);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        gui::ConsoleServices services;
        services.profiles = m_console.profiles.get();
        services.secrets = m_console.secrets.get();
        services.client = m_console.client.get();
        services.requestLog = m_console.requestLog.get();
        services.emulator = m_console.emulator.get();
        m_page = std::make_unique<gui::ComposerPage>(services);
        m_page->resize(1200, 800);
        m_page->show();
        m_page->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    }


    void cleanup()
    {
        m_page.reset();
        m_console.tearDown();
    }

    void starterEventSendsAsItIs()
    {
        QVERIFY2(m_page->composition().canSend(), "a new user's first event must be sendable");
        QVERIFY(child<QPushButton>("sendButton")->isEnabled());
        QVERIFY(m_page->form()->previewText(pii::Field::Em).contains(sha256("john.smith@example.com")));
    }

    void typingAnEmailShowsItsHash()
    {
        startFromBareEvent();
        QLineEdit *em = m_page->form()->piiEdit(pii::Field::Em);
        QTest::keyClicks(em, u"  John.Smith@Example.com "_s);
        const QString expected = sha256("john.smith@example.com");
        QVERIFY2(m_page->form()->previewText(pii::Field::Em).contains(expected), qPrintable(m_page->form()->previewText(pii::Field::Em)));
        QVERIFY(m_page->form()->previewText(pii::Field::Em).contains(u"\"john.smith@example.com\""_s));
        // The typed text is what the event holds; the request body carries the hash.
        QCOMPARE(m_page->rawEvent().value("user_data"_L1).toObject().value("em"_L1).toString(), u"  John.Smith@Example.com "_s);
        QVERIFY(child<QPlainTextEdit>("requestView")->toPlainText().contains(expected));
        QVERIFY(!child<QPlainTextEdit>("requestView")->toPlainText().contains(u"John.Smith"_s));
    }

    void markerShowsWhenImplementationsDiffer()
    {
        startFromBareEvent();
        QLineEdit *ph = m_page->form()->piiEdit(pii::Field::Ph);
        auto *marker = m_page->findChild<QLabel *>(u"phMarker"_s);
        QVERIFY(marker);
        QTest::keyClicks(ph, u"+44 (0)20 7946 0958"_s);
        QCOMPARE(marker->text(), u"✓"_s); // all four agree on this one
        ph->clear();
        QTest::keyClicks(ph, u"0044 20 7946 0958"_s); // PHP keeps the 00 prefix
        QVERIFY2(marker->text().contains(u"php-sdk"_s), qPrintable(marker->text()));
        QVERIFY(marker->toolTip().contains(u"00442079460958"_s));
        ph->clear();
        ph->setText(u"ＪＯＨＮ@x.com"_s); // dropped, rejected twice, hashed by PHP (keyClicks is ASCII only)
        QCOMPARE(marker->text(), u"≠ php-sdk"_s); // dropped and rejected both send nothing: they agree
        QVERIFY(m_page->form()->previewText(pii::Field::Ph).startsWith(u"✗ dropped"_s));
    }

    void oldEventTimeIsAFindingThatFocusesTheField()
    {
        startFromBareEvent();
        auto *mode = child<QComboBox>("timeModeCombo");
        auto *time = child<QDateTimeEdit>("eventTimeEdit");
        mode->setCurrentIndex(1);
        time->setDateTime(QDateTime::currentDateTime().addDays(-10));
        auto *tree = child<QTreeWidget>("findingsTree");
        QAbstractItemModelTester tester(tree->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTreeWidgetItem *found = nullptr;
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            if (tree->topLevelItem(i)->text(1) == u"data[0].event_time"_s && tree->topLevelItem(i)->text(0) == u"error"_s)
                found = tree->topLevelItem(i);
        }
        QVERIFY2(found, "no error finding for an event_time 10 days old");
        QVERIFY(!child<QPushButton>("sendButton")->isEnabled());
        QVERIFY(child<QLabel>("eventAgeLabel")->text().contains(u"older than 7 days"_s));
        const QRect rect = tree->visualItemRect(found);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, rect.center());
        QTRY_COMPARE(QApplication::focusWidget(), time);
    }

    void jsonTabEditsTheFormAndKeepsBadText()
    {
        auto *json = child<QPlainTextEdit>("jsonEdit");
        child<QTabWidget>("tabs")->setCurrentIndex(1);
        json->setPlainText(u"{\"event_name\": \"Lead\", \"event_time\": \"now\", \"action_source\": \"website\", "
                           "\"user_data\": {\"fn\": \"Ana\"}, \"opt_out\": false}"_s);
        QTRY_COMPARE(m_page->rawEvent().value("event_name"_L1).toString(), u"Lead"_s);
        QCOMPARE(m_page->form()->piiEdit(pii::Field::Fn)->text(), u"Ana"_s);
        QCOMPARE(child<QComboBox>("eventNameCombo")->currentText(), u"Lead"_s);
        // Invalid JSON: the position is shown, the text stays, the event stays.
        const QString broken = u"{\"event_name\": \"Purchase\",\n  \"event_time\": }"_s;
        json->setPlainText(broken);
        QTRY_VERIFY(child<QLabel>("jsonErrorLabel")->text().contains(u"line 2"_s));
        QCOMPARE(json->toPlainText(), broken);
        QCOMPARE(m_page->rawEvent().value("event_name"_L1).toString(), u"Lead"_s);
        // A form edit keeps fields the form has no widget for.
        QTest::keyClicks(m_page->form()->piiEdit(pii::Field::Ln), u"Lima"_s);
        QCOMPARE(m_page->rawEvent().value("opt_out"_L1), QJsonValue(false));
        QCOMPARE(m_page->rawEvent().value("user_data"_L1).toObject().value("ln"_L1).toString(), u"Lima"_s);
    }

    void undoRestoresTheFormAField()
    {
        startFromBareEvent();
        QLineEdit *fn = m_page->form()->piiEdit(pii::Field::Fn);
        QLineEdit *ct = m_page->form()->piiEdit(pii::Field::Ct);
        QTest::keyClicks(fn, u"John"_s);
        QTest::keyClicks(ct, u"Paris"_s);
        QUndoStack *undo = m_page->undoStack();
        QCOMPARE(undo->count(), 3); // the bare event, then one step per field: keystrokes merge
        undo->undo();
        QCOMPARE(ct->text(), QString());
        QCOMPARE(fn->text(), u"John"_s);
        QVERIFY(!m_page->rawEvent().value("user_data"_L1).toObject().contains("ct"_L1));
        undo->redo();
        QCOMPARE(ct->text(), u"Paris"_s);
    }

    void appEventModeMapsTheNameAndEditsTheTable()
    {
        startFromBareEvent();
        auto *kind = child<QComboBox>("modeCombo");
        auto *appEvent = child<QComboBox>("appEventCombo");
        kind->setCurrentIndex(1);
        appEvent->setCurrentText(u"signup_started"_s);
        QCOMPARE(m_page->rawEvent().value("event_name"_L1).toString(), u"Lead"_s);
        QCOMPARE(m_page->rawEvent().value("action_source"_L1).toString(), u"app"_s);
        QVERIFY(m_page->rawEvent().value("app_data"_L1).isObject());
        QVERIFY(!child<QComboBox>("eventNameCombo")->isEnabled());
        // A name the table does not know is sent as typed, and the label says so.
        appEvent->setCurrentText(u"trial_started"_s);
        QCOMPARE(m_page->rawEvent().value("event_name"_L1).toString(), u"trial_started"_s);
        QVERIFY(child<QLabel>("appEventMappedLabel")->text().contains(u"not in the mapping table"_s));
        // Editing the table: add trial_started → StartTrial.
        QTimer::singleShot(0, this, [] {
            auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            auto *table = dialog->findChild<QTableWidget *>();
            const int row = table->rowCount();
            table->insertRow(row);
            table->setItem(row, 0, new QTableWidgetItem(u"trial_started"_s));
            table->setItem(row, 1, new QTableWidgetItem(u"StartTrial"_s));
            dialog->accept();
        });
        QTest::mouseClick(child<QToolButton>("editMappingButton"), Qt::LeftButton);
        QTRY_COMPARE(m_page->form()->mapping().lookup(u"trial_started"), std::optional<QString>(u"StartTrial"_s));
        appEvent->setCurrentText(u"signup_started"_s);
        appEvent->setCurrentText(u"trial_started"_s);
        QCOMPARE(m_page->rawEvent().value("event_name"_L1).toString(), u"StartTrial"_s);
    }

    void loadsSampleFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("eventName");
        QTest::newRow("purchase") << u"purchase.json"_s << u"Purchase"_s;
        QTest::newRow("funnel, first event") << u"signup-funnel.json"_s << u"Lead"_s;
    }
    void loadsSampleFiles()
    {
        QFETCH(QString, file);
        QFETCH(QString, eventName);
        QString error;
        QVERIFY2(m_page->loadFile(QStringLiteral(CAPIQA_SOURCE_DIR "/resources/samples/") + file, &error), qPrintable(error));
        QCOMPARE(child<QComboBox>("eventNameCombo")->currentText(), eventName);
        QVERIFY(!m_page->form()->piiEdit(pii::Field::Em)->text().isEmpty());
    }

    void badFilesAreRefusedWithThePlace()
    {
        const QJsonObject before = m_page->rawEvent();
        const QString bad = m_dir.filePath(u"bad.json"_s);
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\n  \"event_name\": \"Purchase\",\n  \"user_data\": {\"em\": \"a@b.c\",}\n}\n");
        f.close();
        QString error;
        QVERIFY(!m_page->loadFile(bad, &error));
        QVERIFY2(error.contains(u"line 3"_s), qPrintable(error));
        QVERIFY(!m_page->loadFile(m_dir.filePath(u"missing.json"_s), &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(m_page->rawEvent(), before);
    }

    void sendsToTheEmulator()
    {
        startFromBareEvent();
        QTest::keyClicks(m_page->form()->piiEdit(pii::Field::Em), u"qa@example.com"_s);
        QVERIFY(!child<QPushButton>("sendButton")->isEnabled()); // a Purchase needs value and currency
        QTest::keyClicks(child<QLineEdit>("valueEdit"), u"49.90"_s);
        child<QComboBox>("currencyCombo")->setCurrentText(u"USD"_s);
        QTest::keyClicks(child<QLineEdit>("sourceUrlEdit"), u"https://shop.example.com/thanks"_s);
        QTest::keyClicks(child<QLineEdit>("uaEdit"), u"Mozilla/5.0 (QA)"_s);
        QStringList problems;
        for (const auto &f : m_page->composition().findings)
            problems.append(f.path + u": "_s + f.message);
        QVERIFY2(child<QPushButton>("sendButton")->isEnabled(), qPrintable(problems.join(u"\n"_s)));
        QSignalSpy sent(m_page.get(), &gui::ComposerPage::sent);
        QSignalSpy logged(m_console.requestLog.get(), &log::LogBus::posted);
        QTest::keyClick(m_page->form()->piiEdit(pii::Field::Em), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY2(sent.wait(10'000), qPrintable(child<QLabel>("resultSummary")->text()));
        const auto result = sent.constFirst().constFirst().value<transport::SendResult>();
        QVERIFY2(result.ok, qPrintable(result.summary()));
        QCOMPARE(result.eventsReceived, 1);
        bool sawOk = false;
        for (const log::LogEntry &e : m_console.requestLog->entries())
            sawOk = sawOk || (e.httpStatus == 200 && e.eventCount == 1);
        QVERIFY(sawOk);
        // The emulator got the hash and the test code, never the raw address.
        const auto events = m_console.emulator->store().query({}).events;
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.constFirst().testEventCode, u"TEST_CAPIQA"_s);
        QVERIFY(!events.constFirst().rawBody.contains("qa@example.com"));
        QVERIFY(child<QLabel>("resultSummary")->text().contains(u"1"_s));
    }

    void copyAsCurlKeepsTheTokenOut()
    {
        m_page->copyAsCurl();
        const QString curl = QGuiApplication::clipboard()->text();
        QVERIFY2(curl.contains(u"access_token=$CAPIQA_ACCESS_TOKEN"_s), qPrintable(curl));
        QVERIFY(curl.contains(u"TEST_CAPIQA"_s));
        QVERIFY(!curl.contains(u"capiqa-local-token"_s));
    }

    void screenshot()
    {
        QString error;
        QVERIFY(m_page->loadFile(QStringLiteral(CAPIQA_SOURCE_DIR "/resources/samples/purchase.json"), &error));
        QTest::keyClicks(m_page->form()->piiEdit(pii::Field::Ph), u"0"_s);
        QDir().mkpath(QStringLiteral(CAPIQA_BINARY_DIR "/screenshots"));
        QVERIFY(m_page->grab().save(QStringLiteral(CAPIQA_BINARY_DIR "/screenshots/composer.png")));
    }
};

QTEST_MAIN(TestComposerPage)
#include "tst_composerpage.moc"
