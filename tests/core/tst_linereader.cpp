#include "io/linereader.h"

#include <QtCore/QBuffer>
#include <QtTest/QTest>

using capiqa::io::LineReader;

class TestLineReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void splitsLines_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QStringList>("lines");
        QTest::newRow("empty") << QByteArray() << QStringList{};
        QTest::newRow("one, no newline") << QByteArray("abc") << QStringList{QStringLiteral("abc")};
        QTest::newRow("one, newline") << QByteArray("abc\n") << QStringList{QStringLiteral("abc")};
        QTest::newRow("crlf") << QByteArray("a\r\nb\r\n") << QStringList{QStringLiteral("a"), QStringLiteral("b")};
        QTest::newRow("blank lines kept") << QByteArray("\n\nx\n")
                                          << QStringList{QString(), QString(), QStringLiteral("x")};
    }
    void splitsLines()
    {
        QFETCH(QByteArray, input);
        QFETCH(QStringList, lines);
        QBuffer buffer(&input);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        LineReader reader(&buffer, 64);
        LineReader::Line line;
        QStringList got;
        while (reader.next(line)) {
            QVERIFY(!line.tooLong);
            QCOMPARE(line.number, got.size() + 1);
            got << QString::fromUtf8(line.text.data(), qsizetype(line.text.size()));
        }
        QCOMPARE(got, lines);
    }

    // Lines over the limit are reported with their length and skipped; the ones after them
    // still come through, and memory stays bounded by the limit, not by the line.
    void overlongLinesAreSkipped()
    {
        QByteArray input = "short\n";
        input += QByteArray(5 * 1024 * 1024, 'x') + '\n';
        input += "after\n";
        input += QByteArray(3 * 1024 * 1024, 'y'); // over-long last line without a newline
        QBuffer buffer(&input);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        LineReader reader(&buffer, 1024);
        LineReader::Line line;
        QVERIFY(reader.next(line));
        QCOMPARE(line.text, std::string_view("short"));
        QVERIFY(reader.next(line));
        QVERIFY(line.tooLong);
        QCOMPARE(line.number, 2);
        QCOMPARE(line.length, 5 * 1024 * 1024);
        QVERIFY(reader.next(line));
        QVERIFY(!line.tooLong);
        QCOMPARE(line.text, std::string_view("after"));
        QVERIFY(reader.next(line));
        QVERIFY(line.tooLong);
        QCOMPARE(line.length, 3 * 1024 * 1024);
        QVERIFY(!reader.next(line));
        QVERIFY(reader.errorString().isEmpty());
    }

    void lineExactlyAtLimit()
    {
        QByteArray input = QByteArray(100, 'a') + '\n' + QByteArray(101, 'b') + '\n';
        QBuffer buffer(&input);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        LineReader reader(&buffer, 100);
        LineReader::Line line;
        QVERIFY(reader.next(line));
        QVERIFY(!line.tooLong);
        QCOMPARE(line.text.size(), std::size_t(100));
        QVERIFY(reader.next(line));
        QVERIFY(line.tooLong);
    }

    // Each line knows where it starts in the stream (CRLF, skipped over-long lines and buffer
    // refills included), so a reader can name the byte offset of a bad record.
    void reportsByteOffsets()
    {
        QByteArray input = "ab\r\n\nxyz\n";
        input += QByteArray(3000, 'q') + '\n';
        input += "end";
        QBuffer buffer(&input);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        LineReader reader(&buffer, 1024);
        LineReader::Line line;
        QList<qint64> offsets;
        while (reader.next(line))
            offsets << line.offset;
        QCOMPARE(offsets, (QList<qint64>{0, 4, 5, 9, 3010}));
    }
};

QTEST_GUILESS_MAIN(TestLineReader)
#include "tst_linereader.moc"
