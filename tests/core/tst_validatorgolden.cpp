// The validator's findings must not change when its implementation does (it got faster without
// building a path or a string for every value it looks at). Each fixture of tests/data/validate
// and 200 seeded random mutations of it (values replaced by other types, near-miss texts,
// hashes, IPs, cookies; keys removed, added, renamed; events duplicated) are validated, and
// every case's findings (rule, path, message, fix, severity, in order) are compared with a digest
// recorded from the validator before the change (tests/data/validate/golden-findings.txt).
// CAPIQA_WRITE_GOLDEN=FILE writes that file instead of comparing.
#include "validate/validator.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

#include "requestmutations.h"

using namespace capiqa::validate;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 Now = 1767229200; // the fixtures' reference time (tests/data/validate/README.md)
constexpr int MutationsPerFixture = 200;

using capiqa::test::mutated;
using Rng = capiqa::bench::Rng; // splitmix64: the same cases on every machine

quint64 fnv1a64(const QByteArray &bytes)
{
    quint64 h = 0xcbf29ce484222325ULL;
    for (char c : bytes) {
        h ^= quint8(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

/// "<case> <findings> <digest>" for every case, in a fixed order.
QStringList caseLines()
{
    const QString fixtures[] = {u"website-purchase-clean.json"_s, u"raw-pii-milliseconds.json"_s,
                                u"app-purchase.json"_s, u"sdk-style-batch.json"_s};
    QStringList lines;
    ValidationOptions options;
    options.now = Now;
    quint64 seed = 20260101;
    for (const QString &name : fixtures) {
        QFile file(QStringLiteral(CAPIQA_TEST_DATA) + u"/validate/"_s + name);
        if (!file.open(QIODevice::ReadOnly))
            return {u"cannot read "_s + file.fileName()};
        const QJsonObject base = QJsonDocument::fromJson(file.readAll()).object();
        for (int n = 0; n <= MutationsPerFixture; ++n) {
            QJsonObject request = base;
            Rng rng(seed++);
            for (int m = n == 0 ? 0 : 1 + rng.below(3); m > 0; --m)
                request = mutated(request, rng, true).toObject();
            const QList<Finding> findings = Validator().validate(request, options);
            const QByteArray json = QJsonDocument(toJson(findings)).toJson(QJsonDocument::Compact);
            lines << u"%1#%2 %3 %4"_s.arg(name).arg(n).arg(findings.size()).arg(
                QString::number(fnv1a64(json), 16).rightJustified(16, u'0'));
        }
    }
    return lines;
}

} // namespace

class TestValidatorGolden final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findingsUnchanged()
    {
        const QStringList lines = caseLines();
        if (const QByteArray out = qgetenv("CAPIQA_WRITE_GOLDEN"); !out.isEmpty()) {
            QFile file(QString::fromLocal8Bit(out));
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(lines.join(u'\n').toUtf8() + '\n');
            return;
        }
        QFile file(QStringLiteral(CAPIQA_TEST_DATA "/validate/golden-findings.txt"));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        const QStringList golden = QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), golden.size());
        qsizetype withFindings = 0;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            QCOMPARE(lines.at(i), golden.at(i));
            withFindings += !lines.at(i).contains(u" 0 "_s);
        }
        // The mutations must reach the rules, or the comparison proves little.
        QVERIFY2(withFindings > lines.size() * 3 / 4, qPrintable(QString::number(withFindings)));
    }
};

QTEST_GUILESS_MAIN(TestValidatorGolden)
#include "tst_validatorgolden.moc"
