#pragma once

#include "pii/pii.h"

#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QMap>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <map>
#include <optional>

namespace capiqa::event {

/// The user_data keys Meta never hashes (client_ip_address, client_user_agent, fbc, fbp, …).
const QStringList &unhashedUserDataKeys();
bool isUnhashedUserDataKey(QStringView key);

/// A server event's user_data (customer information). Hashed keys (em, ph, …, external_id) hold a
/// list of values: hashes on the wire, raw PII in RequestBuilder's input. Keys capiqa does not
/// know are kept in `extra`, so they survive a round trip.
struct UserData {
    /// One hashed key's values. `scalar`: the JSON held one string rather than an array, and
    /// toJson() writes it back that way (RequestBuilder always writes arrays).
    struct Values {
        QStringList values;
        bool scalar = false;
        friend bool operator==(const Values &, const Values &) = default;
    };

    std::map<pii::Field, Values> hashed;
    /// Never-hashed keys: a string, or a whole number for the ids (lead_id, page_id, …).
    QMap<QString, QJsonValue> unhashed;
    QJsonObject extra;

    /// Empty when the key is unset.
    QStringList values(pii::Field field) const;
    void setValues(pii::Field field, const QStringList &values);
    /// A never-hashed key as text (numbers in decimal); nullopt when unset.
    std::optional<QString> unhashedValue(QStringView key) const;
    bool isEmpty() const { return hashed.empty() && unhashed.isEmpty() && extra.isEmpty(); }

    /// Errors name the JSON path, prefixed with `path` (e.g. "data[0].user_data.em[1]").
    static std::optional<UserData> fromJson(const QJsonObject &json, QString *error = nullptr,
                                            QStringView path = u"user_data");
    QJsonObject toJson() const;

    friend bool operator==(const UserData &, const UserData &) = default;
};

} // namespace capiqa::event
