#pragma once

// Seeded structural mutations of a CAPI request (values replaced by other types, near-miss
// texts, hashes, IPs, cookies; keys removed, added, renamed; events duplicated): the cases the
// validator's golden test and the quick check's test run on.

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QStringList>

#include "../../bench/benchrng.h"

namespace capiqa::test {

using namespace Qt::StringLiterals;
using Rng = capiqa::bench::Rng; // splitmix64: the same cases on every machine

inline QJsonValue replacement(Rng &rng, const QJsonValue &old)
{
    static const QString Hash = u"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4"_s;
    const QJsonValue pool[] = {
        QJsonValue(), QJsonValue(true), QJsonValue(0), QJsonValue(1767225600), QJsonValue(1767225600123.0),
        QJsonValue(1767225600.5), QJsonValue(-5), QJsonValue(1767229300), QJsonValue(1766000000), QJsonValue(42.5),
        u""_s, u"   "_s, u"text"_s, Hash, Hash.toUpper(), QString(u' ' + Hash + u' '), Hash.left(40), Hash.left(32),
        QString(Hash + u".AQYBAQIA"_s), u"john@example.com"_s, u"+1 650 555 1212"_s, u"203.0.113.7"_s, u"10.0.0.1"_s,
        u"2001:db8::1"_s, u"203.0.113.7:443"_s, u"1.2.3"_s, u"203.0.113.7, 10.0.0.1"_s, u"::ffff:192.168.1.1"_s,
        u"fb.1.1767225600000.123"_s, u"fb.1.1767225600.123"_s, u"fb.1.1767225600000.undefined"_s,
        u"fb.2.abc.1"_s, u"IwAR2F4dbP0l7Mn1"_s, u"https://shop.example.com/x?y=1"_s, u"not a url"_s,
        u"ftp://example.com/"_s, u"USD"_s, u"usd"_s, u"XYZ"_s, u"HRK"_s, u"Purchase"_s, u"purchase"_s,
        u"Add To Cart"_s, u"signup_started"_s, u"website"_s, u"Website"_s, u"app"_s, u"physical_store"_s,
        u" order-1 "_s, u"a2"_s, u"i2"_s, u"12"_s, u"9.99"_s, u"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="_s,
        QJsonArray(), QJsonObject(), QJsonArray{u"SKU-1"_s}, QJsonArray{QJsonValue()}, QJsonArray{1, 2},
        QJsonObject{{u"id"_s, u"SKU-2"_s}, {u"quantity"_s, u"2"_s}}, QJsonArray{Hash, u"jane@example.com"_s},
    };
    const int pick = rng.below(int(std::size(pool)) + 2);
    if (pick == int(std::size(pool)) && old.isString())
        return old.toString().toUpper();
    if (pick == int(std::size(pool)) + 1 && old.isString())
        return QString(old.toString() + u' ');
    return pool[std::min<int>(pick, int(std::size(pool)) - 1)];
}

inline const QString AddedKeys[] = {
    u"email"_s, u"foo"_s, u"value"_s, u"currency"_s, u"event_id"_s, u"app_data"_s, u"contents"_s,
    u"content_ids"_s, u"num_items"_s, u"test_event_code"_s, u"access_token"_s, u"user_data"_s,
    u"custom_data"_s, u"fbc"_s, u"client_ip_address"_s, u"external_id"_s, u"predicted_ltv"_s, u"ph"_s,
};

inline QJsonValue mutated(const QJsonValue &v, Rng &rng, bool root)
{
    const bool descend = root || rng.below(4) != 0;
    if (descend && v.isObject()) {
        QJsonObject o = v.toObject();
        const QStringList keys = o.keys();
        const int op = rng.below(10);
        if (keys.isEmpty() || op == 0) {
            o.insert(AddedKeys[rng.below(int(std::size(AddedKeys)))], replacement(rng, QJsonValue()));
        } else if (op == 1) {
            o.remove(keys.at(rng.below(int(keys.size()))));
        } else {
            const QString key = keys.at(rng.below(int(keys.size())));
            o.insert(key, mutated(o.value(key), rng, false));
        }
        return o;
    }
    if (descend && v.isArray() && !v.toArray().isEmpty()) {
        QJsonArray a = v.toArray();
        const int i = rng.below(int(a.size()));
        const int op = rng.below(10);
        if (op == 0)
            a.removeAt(i);
        else if (op == 1)
            a.append(a.at(i)); // e.g. a duplicate event
        else
            a.replace(i, mutated(a.at(i), rng, false));
        return a;
    }
    return replacement(rng, v);
}

} // namespace capiqa::test
