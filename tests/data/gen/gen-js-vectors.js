#!/usr/bin/env node
// Generates tests/data/pii-vectors-js-extra.json: several hundred inputs per field that are NOT
// in pii-vectors.json, run through Meta's two JavaScript implementations, in the row shape of
// pii-vectors.json (node_sdk and param_builder columns only).
//
//   (cd <dir> && npm i facebook-nodejs-business-sdk@24.0.1 capi-param-builder-nodejs@1.3.2)
//   NODE_PATH=<dir>/node_modules node tests/data/gen/gen-js-vectors.js > tests/data/pii-vectors-js-extra.json
//
// Like the reference vectors:
//   node_sdk      = UserData setter + normalize(), cross-checked against
//                   ServerSideUtils.normalizeAndHash; "normalized" is the exact string the SDK
//                   hashed (captured at ServerSideUtils.toSHA256).
//   param_builder = new ParamBuilder().getNormalizedAndHashedPII(value, PII_DATA_TYPE.X);
//                   "normalized" is the exact string hashed (captured at sha256_main), "sha256"
//                   the output before its last dot.
// Output is deterministic for fixed package versions (seeded PRNG). Rows whose result depends on
// today's date (the param builder accepts birth years up to "next year") are left out.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const EXPECTED = { 'facebook-nodejs-business-sdk': '24.0.1', 'capi-param-builder-nodejs': '1.3.2' };
for (const [name, version] of Object.entries(EXPECTED)) {
    const actual = require(`${name}/package.json`).version;
    if (actual !== version) {
        console.error(`${name} is ${actual}; these vectors are for ${version}`);
        process.exit(1);
    }
}

// --- Hooks that capture what each library hashes ------------------------------------------------

// PIIUtil.js destructures sha256_main when it loads, so wrap it before the package is required.
const pbDir = path.dirname(require.resolve('capi-param-builder-nodejs/package.json'));
const pbSha = require(path.join(pbDir, 'src/piiUtil/sha256_with_dependencies_new.js'));
let pbHashed = null;
const pbShaOriginal = pbSha.sha256_main;
pbSha.sha256_main = (msg, ...rest) => {
    pbHashed = msg;
    return pbShaOriginal(msg, ...rest);
};
const { ParamBuilder, PII_DATA_TYPE } = require('capi-param-builder-nodejs');
const { getNormalizedPII } = require(path.join(pbDir, 'src/piiUtil/PIIUtil.js'));

const { UserData, ServerSideUtils } = require('facebook-nodejs-business-sdk');
let sdkHashed = null;
const sdkShaOriginal = ServerSideUtils.toSHA256;
ServerSideUtils.toSHA256 = (input) => {
    sdkHashed = input;
    return sdkShaOriginal(input);
};

const sha256 = (s) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');

const FIELDS = {
    em: { setter: 'setEmail', pb: PII_DATA_TYPE.EMAIL },
    ph: { setter: 'setPhone', pb: PII_DATA_TYPE.PHONE },
    fn: { setter: 'setFirstName', pb: PII_DATA_TYPE.FIRST_NAME },
    ln: { setter: 'setLastName', pb: PII_DATA_TYPE.LAST_NAME },
    ge: { setter: 'setGender', pb: PII_DATA_TYPE.GENDER },
    db: { setter: 'setDateOfBirth', pb: PII_DATA_TYPE.DATE_OF_BIRTH },
    ct: { setter: 'setCity', pb: PII_DATA_TYPE.CITY },
    st: { setter: 'setState', pb: PII_DATA_TYPE.STATE },
    zp: { setter: 'setZip', pb: PII_DATA_TYPE.ZIP_CODE },
    country: { setter: 'setCountry', pb: PII_DATA_TYPE.COUNTRY },
    external_id: { setter: 'setExternalId', pb: PII_DATA_TYPE.EXTERNAL_ID },
};

function fail(message) {
    console.error(message);
    process.exit(1);
}

function runNodeSdk(field, input) {
    const userData = new UserData()[FIELDS[field].setter](input);
    sdkHashed = null;
    let payload;
    try {
        payload = userData.normalize();
    } catch (e) {
        let direct = null;
        try {
            ServerSideUtils.normalizeAndHash(input, field);
        } catch (e2) {
            direct = e2.message;
        }
        if (direct !== e.message)
            fail(`node-sdk ${field} ${JSON.stringify(input)}: normalize() and normalizeAndHash() disagree`);
        return { status: 'rejected', normalized: null, sha256: null, error: e.message };
    }
    const sent = payload[field][0];
    if (field === 'external_id')
        return { status: 'sent-unhashed', normalized: sent, sha256: null, error: null };
    const hashedInput = sdkHashed;
    if (ServerSideUtils.normalizeAndHash(input, field) !== sent)
        fail(`node-sdk ${field} ${JSON.stringify(input)}: normalize() and normalizeAndHash() disagree`);
    if (sent === null)
        return { status: 'dropped-null', normalized: null, sha256: null, error: null };
    if (hashedInput !== null) {
        if (sha256(hashedInput) !== sent)
            fail(`node-sdk ${field} ${JSON.stringify(input)}: js-sha256 and node:crypto disagree`);
        return { status: 'hashed', normalized: hashedInput, sha256: sent, error: null };
    }
    const status = sent.length === 64 ? 'passthrough-sha256' : 'passthrough-md5';
    return { status, normalized: sent, sha256: sent, error: null };
}

const builder = new ParamBuilder();

function runParamBuilder(field, input) {
    pbHashed = null;
    const output = builder.getNormalizedAndHashedPII(input, FIELDS[field].pb);
    if (output === null) {
        // Like the reference: what getNormalizedPII() gave (null, or "" when nothing was left).
        const normalized = input ? getNormalizedPII(input, FIELDS[field].pb) : null;
        return { status: 'dropped', normalized: normalized === '' ? '' : null, sha256: null };
    }
    const bare = output.substring(0, output.lastIndexOf('.'));
    if (pbHashed !== null) {
        if (sha256(pbHashed) !== bare)
            fail(`param builder ${field} ${JSON.stringify(input)}: sha256_main and node:crypto disagree`);
        return { status: 'hashed', normalized: pbHashed, sha256: bare };
    }
    // The library's own order: a bare SHA-256/MD5 first, then earlier parameter-builder output.
    if (!/^[A-Fa-f0-9]{64}$|^[A-Fa-f0-9]{32}$/.test(input.trim()))
        return { status: 'passthrough-param-builder', normalized: output, sha256: bare };
    const status = bare.length === 64 ? 'passthrough-sha256' : 'passthrough-md5';
    return { status, normalized: bare, sha256: bare };
}

/// True when the param builder's answer for a birth date would change with the clock.
function dateDependent(field, input) {
    if (field !== 'db' || !input)
        return false;
    const original = Date.prototype.getFullYear;
    const results = [];
    try {
        for (const year of [1990, 2024, 2200]) {
            Date.prototype.getFullYear = () => year;
            results.push(JSON.stringify(getNormalizedPII(input, PII_DATA_TYPE.DATE_OF_BIRTH)));
        }
    } finally {
        Date.prototype.getFullYear = original;
    }
    return new Set(results).size > 1;
}

// --- Inputs ----------------------------------------------------------------------------------

// mulberry32: a small seeded PRNG, so the file is reproducible.
let seed = 0x5eed1234;
function random() {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];

// What JS trims / \s matches, and look-alikes that it does not.
const JS_SPACES = [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\ufeff', '\u2028', '\u2029', '\u3000',
                   '\u1680', '\u2000', '\u2007', '\u200a', '\u202f', '\u205f'];
const NOT_SPACES = ['\u0085', '\u200b', '\u180e', '\u001f', '\u200d', '\u00ad'];

const TRANSFORMS = [
    ['upper', (s) => s.toUpperCase()],
    ['lower', (s) => s.toLowerCase()],
    ['capitalised', (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase()],
    ['swapped case', (s) => Array.from(s).map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('')],
    ['JS whitespace around', (s) => pick(JS_SPACES) + pick(JS_SPACES) + s + pick(JS_SPACES)],
    ['NBSP around', (s) => '\u00a0' + s + '\u00a0'],
    ['non-JS-whitespace around', (s) => pick(NOT_SPACES) + s + pick(NOT_SPACES)],
    ['JS whitespace inside', (s) => { const i = Math.floor(s.length / 2); return s.slice(0, i) + pick(JS_SPACES) + s.slice(i); }],
    ['trailing dot', (s) => s + '.'],
    ['NFD', (s) => s.normalize('NFD')],
    ['NFC', (s) => s.normalize('NFC')],
    ['emoji appended', (s) => s + '\u{1F600}'],
];

const HASH = '855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4';
const HASH2 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const MD5 = '5d41402abc4b2a76b9719d911017c592';
const COMMON = [
    '', ' ', '\t\n', '\u00a0', '\ufeff', '\u2028', '\u3000', '\u0085', '\u200b', '\u{1F600}',
    '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}', 'null', 'undefined', '0', '-', 'a\u0000b', '\u0000',
    HASH2, HASH2.toUpperCase(), ` ${HASH2}\t`, `\u00a0${HASH2}\u3000`, `\u0085${HASH2}`, `${HASH2}\u200b`,
    MD5, MD5.toUpperCase(), `  ${MD5} `, HASH2.slice(1), HASH2 + 'a', HASH2.slice(1) + 'g',
    `${HASH2}.AQ`, `${HASH2}.Ag`, `${HASH2}.Bg`, `${HASH2}.AB`, `${HASH2}.ABCDEFGH`, `${HASH2}.ABCDEFG`,
    `${HASH2}.ABCDEFGHI`, `${HASH2}.\u{1F600}\u{1F600}\u{1F600}\u{1F600}`, `${HASH2}.a b c de`,
    `${MD5}.BA`, `${MD5}.AQQCAQMC`, ` ${HASH2.toUpperCase()}.AQQCAQMC\n`, `x${HASH2}.AQ`, `${HASH2}..AQ`,
    `${HASH2}.AQQCAQMC.AQ`, 'A'.repeat(1000), 'a '.repeat(200),
];

const BASE = {
    em: [
        'john@example.com', 'John.Smith@Example.COM', 'user+tag@gmail.com', 'a:.b@example.com', 'a:b@example.com',
        'a.:b@example.com', 'a.@example.com', 'a@example', 'a@-example.com', 'a@example-.com', 'a@ex--ample.com',
        'a@ex-.ample.com', 'a@example.c0m', 'a@example.com1', 'a@1example.com', 'a@example.co-uk', 'a@example.-co',
        'a@example.co--uk', 'a@example..com', 'a@.example.com', 'a`b@example.com', '`ab@example.com',
        "o'brien@example.ie", 'x@y.zz', 'x@y.z1', 'x@y.1z', 'x@1.2.3.zz', 'user@localhost', 'üser@example.com',
        'user@exämple.com', 'user@exam_ple.com', 'user_name@example.com', 'first.last@sub-domain.example.museum',
        'a@b-c.de', 'a@b.c-d', 'a@b.cd-', 'a@b@c.com', 'a..b@c.com', 'a.b.@c.com', '-a@b.co', 'a-@b.co',
        '{a}@b.co', '|@b.co', '~@b.co', 'a=b@c.co', 'a?b@c.co', 'a^b@c.co', 'a/b@c.co', 'a%b@c.co', 'a!b@c.co',
        'a#b@c.co', 'a$b@c.co', 'a&b@c.co', 'a*b@c.co', '"a"@b.co', 'a b@c.co', 'a\tb@c.co', 'a,b@c.co',
        'a;b@c.co', 'a(b)@c.co', 'a<b>@c.co', 'a[b]@c.co', 'a\\b@c.co', '\u{1F600}@example.com',
        'user@\u{1F600}.com', '\u212Aelvin@example.com', 'user@\u212Aelvin.com', '\u0130zmir@example.com',
        '\u0131@example.com', 'x'.repeat(64) + '@example.com', 'x'.repeat(65) + '@ex.com',
        'a@' + 'b'.repeat(63) + '.com', 'a@' + 'b'.repeat(64) + '.com', 'a@' + 'b'.repeat(61) + '.' + 'c'.repeat(63),
        'a@' + 'b'.repeat(61) + '.' + 'c'.repeat(64),
        'a'.repeat(60) + '@' + ('b'.repeat(60) + '.').repeat(3) + 'b'.repeat(10) + '.com',
        'a'.repeat(64) + '@' + ('b'.repeat(60) + '.').repeat(3) + 'b'.repeat(1) + '.co',
        'a'.repeat(64) + '@' + ('b'.repeat(60) + '.').repeat(3) + 'b'.repeat(2) + '.co',
        'mailto:a@b.co', 'a@b.co.', '.a@b.co', 'a@b.co,c@d.co', 'a@b.co c@d.co', 'JOHN@EXAMPLE.COM\u0085',
        'ＪＯＨＮ＠ＥＸＡＭＰＬＥ．ＣＯＭ', 'jöhn.döe@exämple.de', 'john@xn--80ak6aa92e.com', 'j@x.io', 'j@x.i',
        'a-b.c_d+e@f-g.h-i.jk', 'a@b.c.d.e.fg', 'A@B.CO', 'user@123.com', 'user@example.123',
    ],
    ph: [
        '+1 (650) 555-1212', '1 650 555 1212', '650-555-1212 ext 123', '(650) 555-1212 x123', '+44 20 7946 0958',
        '+44 (0) 20 7946 0958', '0044 20 7946 0958', '00 1 650 555 1212', '001 650 555 1212', '+001 650 555 1212',
        '0001 650 555 1212', '+49 (0)30 1234567', '030 1234567', '0 30 1234567', '+61 4 1234 5678',
        '+7 495 123-45-67', '8 (495) 123-45-67', '+852 2123 4567', '+65 6123 4567', '+972-3-123-4567',
        '+1.650.555.1212', '650/555/1212', '650_555_1212', '650,555,1212', '650;555;1212', "650'555'1212",
        '"6505551212"', '<6505551212>', '#6505551212', '@6505551212', 'tel:+16505551212', 'TEL:+1-650-555-1212',
        '+1 650 555 1212;ext=12', '１２３４５６７８', '\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668',
        '123456', '1234567', '12345678901234567', '1234567890123456', '0000000', '00000000000', '+0', '+', '()',
        'abc', 'ABC1234567', 'phone 6505551212 mobile', '１-650-555-1212', '\u{1F4DE} 6505551212',
        '16505551212', '1650555121', '165055512123', '116505551212', '0016505551212', '00016505551212',
        '+00 44 1234 567890', '0 0 44 1234 5678', '(0)6505551212', '6505551212#', '+(1) 650 555 1212',
        '650\u2013555\u20131212', '650\u00a0555\u00a01212', '650\u2007555\u20071212', '650\t555\n1212',
        '1 (650) 555-1212', '1(650)5551212', '1-650-555-12-12', '+353 1 234 5678', '+81 3-1234-5678',
        '090-1234-5678', '+91-98765-43210', '98765 43210', '+55 (11) 91234-5678', '011 52 55 1234 5678',
        '+1 800 FLOWERS', '1-800-356-9377', 'x123', '+', '0', '00', '000', '0000000000000000000',
        '\u212A6505551212', '\u0130 6505551212', '6505551212\u0085',
    ],
    fn: [
        'José', 'JOSÉ', 'Jose\u0301', 'Renée', 'François', 'Søren', 'Łukasz', 'Ångström', 'Ærøskøbing', 'ÐÖÑ',
        'Þór', 'Straße', 'STRASSE', '\u0130lker', '\u0131lg\u0131n', 'Iñtërnâtiônàlizætiøn', 'ΟΔΥΣΣΕΥΣ',
        'ΣΩΚΡΑΤΗΣ', 'Σ', 'ΑΣ.', 'ΑΣ ΒΑ', "Ο'ΣΣ", 'ΑΣ\u0301', 'Α\u0301Σ', 'ΑΣʰ', 'ʰΣ', '1Σ', 'ΑΣ1', 'Ⅻ',
        'ⓐⓑ', 'ⒶΣ', 'Иван', 'ПЁТР', 'Անի', 'ნინო', 'שרה', 'محمد', '李', '山田 太郎', '김민준', 'Nguyễn Văn',
        'Đặng', 'Ǆemal', 'ǅemal', 'ǈubica', '\ufb01ona', '\ufb00', '\u212Aarl', '\u212Bsa', '\u2126mega',
        '𝓙𝓸𝓱𝓷', '\u{10400}\u{10401}', '\u{1E900}', 'ᎠᎡᎢ', '\u1C89', '\uA7CB\uA7CC', '\u{10D50}', '\u{16EA0}',
        '\u{1F600}John', 'John\u{1F600}', 'J o h n', 'J.R.R.', "D'Artagnan", 'Mary-Kate', 'Anne\u2013Marie',
        'O\u2019Neil', 'Jean\u00a0Luc', 'Jean\u3000Luc', 'Jean\u200bLuc', 'Jean\u0085Luc', 'Jean\u180eLuc',
        'Jean\tLuc', 'Jean\nLuc', '...', '123', 'John123', '_john_', 'john_doe', '[john]', '{john}', 'john~',
        'john|doe', 'john\\doe', 'john`s', 'john^', 'john@doe', 'john#1', 'john$', 'john%', 'john&jane',
        'john*', 'john+jane', 'john=', 'john?', 'john!', 'john"', 'john<>', 'john:', 'john;', 'john,',
        'Ǉ', 'ǈ', 'ß', 'ẞ', 'ŉ', 'ǰ', 'ΐ', 'ﬆ', 'İİ', 'ΣΣ', 'xΣx', 'x Σ', 'ΑΣ\u00ad', 'ΑΣ\u200d', 'ΑΣ\u2019',
        'ΑΣ\u00b7', 'ΑΣ\u0387Α', 'ΑΣ:', 'ΑΣ:Α', 'ΑΣ\u0345', 'ΑʹΣ', 'Dr. José-María O\'Brien Jr.',
    ],
    ln: [
        'García Márquez', 'GARCÍA', 'Müller', 'MÜLLER', 'Mu\u0308ller', 'Schröder-Köhler', "O'Connor", 'O\u2019Connor',
        'van der Berg', 'Van Der Berg', 'de los Ángeles', 'St. John', 'St John', 'Smith, Jr.', 'Smith III',
        'ΠΑΠΑΔΟΠΟΥΛΟΣ', 'Παπαδόπουλος', 'ΝΙΚΟΛΑΟΥ ΣΟΦΟΚΛΗΣ', 'ΣΟΦΟΚΛΗΣ-ΑΣ', 'ΑΣ.ΑΣ', 'Ivanova', 'ИВАНОВА',
        'Žižek', 'ŽIŽEK', 'Čapek', 'Dvořák', 'Łęcka', 'Ødegaard', 'Åberg', 'Ærlig', 'Thorsdóttir', 'Þórsson',
        'Çelik', 'ÇELİK', 'Yılmaz', 'YILMAZ', 'Öztürk', 'Nguyễn', 'Trần', 'Lê', 'Phạm', '佐藤', '王', '김', '이',
        'Ng', 'Ó Súilleabháin', 'Mac Giolla Phádraig', 'Al-Hassan', 'al Hassan', 'El\u2010Amin', 'Ben\u2011David',
        'Fitz-Gerald', 'D\u00e9sir\u00e9e', 'Le\u00a0Blanc', 'Le\u202fBlanc', 'Le\u200bBlanc', 'Le\u0085Blanc',
        'X \u00c6 A-12', 'Smith\u{1F600}', '\u{1F600}', '\u212Aane', '\u0130nan\u00e7', 'Straße', 'STRAẞE',
        'Ǉubić', 'ǈubić', 'ǉubić', 'Ꭰ\u13a1', '\u{10400}', '\u{1E900}\u{1E901}', 'a_b', 'a-b', 'a.b', 'a,b',
        'a;b', 'a:b', 'a!b', 'a?b', 'a"b', "a'b", 'a(b)', 'a[b]', 'a{b}', 'a<b>', 'a/b', 'a\\b', 'a|b', 'a~b',
        'a`b', 'a^b', 'a@b', 'a#b', 'a$b', 'a%b', 'a&b', 'a*b', 'a+b', 'a=b', '---', '. .', '12', '007',
    ],
    ge: [
        'f', 'm', 'F', 'M', 'Female ', 'fem', 'woman', 'WOMAN', 'Woman.', "ma'am", "MA'AM", 'ma\u2019am', 'Mr.',
        'mr', 'Mrs', 'ms.', 'he', 'she', 'they', 'nonbinary', 'non-binary', 'n/a', 'unknown', 'u', 'male\u00a0',
        '\u3000f', 'Ｆ', 'ｍａｌｅ', 'm1', '1m', 'm-a-l-e', 'fe male', 'f\u200b', 'mâle', 'männlich', 'weiblich',
        'homme', 'femme', 'hombre', 'mujer', 'M.', 'F.', ' f ', '\u017f', '\u0130', '\u212A', 'boy', 'girl',
        'Gentleman', 'lady', 'Sir', 'Madam', 'king', 'queen', 'dude', 'gal', 'him', 'her', 'hers', 'himself',
        'herself', 'father', 'mother', 'widow', 'widower', 'god', 'goddess', 'count', 'countess', 'chick',
        'belle', 'maiden', 'lass', 'lad', 'bloke', 'chap', 'fellow', 'emperor', 'empress', 'duke', 'duchess',
        'prince', 'princess', 'groom', 'bride', 'husband', 'wife', 'boyfriend', 'girlfriend', 'son', 'daughter',
        'uncle', 'aunt', 'nephew', 'niece', 'brother', 'sister', 'dad', 'mom', 'daddy', 'mommy', 'papa', 'mama',
        'mister', 'miss', 'guy', 'dame', 'lord', 'man', 'men', 'women', 'males', 'females', 'f\tm', 'mf', 'fm',
        'MALE\n', '\u00a0FEMALE\u00a0', 'Female\u0085', 'ｆ', 'f\u0301', 'Μ', 'м', 'ф', 'ж', '男', '女',
    ],
    db: [
        '1990-01-31', '31/01/1990', '01/31/1990', '1990/31/01', '31.1.1990', '1.31.1990', '19900131', '1990 1 31',
        'Jan 31 1990', '31 January 1990', '1990-01-31T00:00:00Z', '1990-01-31 12:34:56', '90-01-31', '01-31-90',
        '1/2/3', '12/13/1990', '13/12/1990', '12/12/12', '31/31/1990', '0/0/1990', '1990/0/1', '1799/01/01',
        '1800/01/01', '1800-1-1', '2999-01-01', '1990-02-31', '19901331', '1990', '199001', '1990013',
        '199001311', '1990-0131', '00001990-01-31', '\u0661\u0669\u0669\u0660-\u0660\u0661-\u0663\u0661',
        '１９９０－０１－３１', '31st Jan 1990', 'born 1990, jan 31', '99999999', '00000000', '2024-02-29',
        '2020/12/31', '2000-12-31', '1999-12-31', 'D: 1990-01-31', '19 90 01 31', '1990.01.31.', '31-01-1990',
        '1990-31-01', '32/01/1990', '01/32/1990', '1990/13/13', '1990/12/13', '1990/13/12', '13/1990/12',
        '12/1990/13', '12/1990/12', '1/1990/1', '0001/01/01', '01/01/0001', '2001-09-11', '1900-02-29',
        '1969-07-20', '1 1 1990', '1  1  1990', '1\u00a01\u00a01990', '1\u30001\u30001990', '1\u{1F382}1\u{1F382}1990',
        '10/10/1990/10', '1990-10', '10-1990', '1990-001-031', '000000001990-000000000001-000000000031',
        '99999999999999999999-1-1', '1-1-99999999999999999999', '12345678', '1234-5678', '20001301',
        '1990\u00a0', '\u3000 19900131', '19900131\u0085', '1990-01-31\u200b', 'feb 29 2000', 'Feb 30, 1999',
        '1st of May 1985', '5/1985/1', '1985', '85', '01/01/85', '3 Mar 1870',
    ],
    ct: [
        'San Francisco', 'SAN FRANCISCO', 'san-francisco', 'St. Paul', 'Saint-Étienne', 'São Paulo', 'Kraków',
        'Łódź', 'München', 'Malmö', 'Reykjavík', 'Ho Chi Minh City', "N'Djamena", 'Winston\u2013Salem',
        'Washington, D.C.', '10001', '123 Main', 'Main 123', '3rd Street', 'Paris 16e', 'Paris (16e)',
        'New York (NY)', 'Tokyo 東京', '東京 Tokyo', 'Αθήνα', 'ΑΘΗΝΑ', 'Санкт-Петербург', 'القاهرة', 'ZÜRICH',
        'Zu\u0308rich', 'Bogotá', 'Ciudad de México', '\u{1F600}', 'Paris \u{1F600}', '...', '___', 'a', 'A1',
        '1A', 'L.A.', 'la', 'Los\u00a0Angeles', '\u2028Paris', 'Paris\u0085', 'Pa\u200bris', '\u212Aiel', '\u0130zmir',
        'Ǆakovo', 'Köln', 'Frankfurt am Main', 'Frankfurt/Main', 'Halle (Saale)', 'Stratford-upon-Avon',
        "Land O' Lakes", 'Coeur d\u2019Alene', 'Truth or Consequences', 'Llanfair\u00adpwll', 'Ōsaka', 'Kyōto',
        'Aÿ', 'Œuvres', 'Ærø', 'İstanbul', 'ISTANBUL', 'Diyarbakır', 'DİYARBAKIR', 'Şanlıurfa', 'Gdańsk',
        'Poznań', 'Brno', 'Plzeň', 'Győr', 'Cluj-Napoca', 'Chișinău', 'Tromsø', 'Århus', 'Jyväskylä',
        'Ísafjörður', 'Sevilla', 'A Coruña', "L'Hospitalet", 'Sant Cugat del Vallès', 'Montréal', 'Québec',
        'Trois-Rivières', 'Saint John\'s', "St. John's", 'Zaragoza 50001', '50001 Zaragoza', '75001 Paris',
        'Paris 75001', 'x1', '1x', '_x', 'x_', 'Ｐａｒｉｓ', 'PARIS\t', '\tparis', 'pa ris', 'p-a-r-i-s',
        'p.a.r.i.s', 'p(a)ris', 'pa#ris', 'pa@ris', 'pa/ris', 'pa\\ris', 'pa"ris', 'pa;ris', 'pa,ris', 'pa:ris',
    ],
    st: [
        'California', 'CALIFORNIA', 'california ', 'Calif.', 'Cal', 'N.Y.', 'n. carolina', 'North  Carolina',
        'Wash.', 'Mass', 'Penn', 'Washington State', 'State of Texas', 'Texas, USA', 'Arkansas', 'Kansas',
        'Arkansas River', 'Kansas City', 'West Virginia', 'Virginia Beach', 'New Mexico', 'Mexico',
        'Nova Scotia', 'PEI', 'Prince Edward Island', 'Newfoundland', 'Newfoundland and Labrador', 'Yukon',
        'Yukon Territory', 'Northwest Territories', 'Nunavut', 'Québec', 'QUEBEC', 'Quebec City', 'Baden-Württemberg',
        'Bayern', 'England', 'Scotland', 'New South Wales', 'Victoria', 'Tokyo', '東京', 'CA ', ' ca', 'C A',
        'c-a', 'ca.', 'Ca1', '12', '1', 'x', 'ｃａ', 'Lake Ontario', 'Missouri River', 'District of Columbia',
        'Puerto Rico', 'Guam', '\u0130owa', 'Kentuc\u212Ay', '\u212As', 'Alabama', 'Alaska', 'Arizona',
        'Colorado', 'Connecticut', 'Delaware', 'Florida', 'Georgia', 'Hawaii', 'Hawai\u02bbi', 'Idaho',
        'Illinois', 'Indiana', 'Iowa', 'Kentucky', 'Louisiana', 'Maine', 'Maryland', 'Massachusetts',
        'Michigan', 'Minnesota', 'Mississippi', 'Missouri', 'Montana', 'Nebraska', 'Nevada', 'New Hampshire',
        'New Jersey', 'New York', 'North Carolina', 'North Dakota', 'Ohio', 'Oklahoma', 'Oregon', 'Pennsylvania',
        'Rhode Island', 'South Carolina', 'South Dakota', 'Tennessee', 'Texas', 'Utah', 'Vermont', 'Virginia',
        'Washington', 'Wisconsin', 'Wyoming', 'Ontario', 'Quebec', 'British Columbia', 'Alberta',
        'Saskatchewan', 'Manitoba', 'New Brunswick', 'AL', 'AK', 'NY', 'tx', 'Tx', 'on', 'BC', 'nsw', 'QLD',
        'Maineville', 'Ohioan', 'Utahn', 'Iowa City', 'Virginia City', 'Nevada City', 'Kansas Arkansas',
        'Texas Ontario', 'Ontario California', 'Ñuble', 'Île-de-France', 'São Paulo', 'Zürich', 'ZH',
    ],
    zp: [
        '94103', '94103-1234', '94103 1234', '94103\u20131234', '94103\u20141234', ' 94103-', '-94103',
        'SW1A 1AA', 'sw1a-1aa', 'EC1A 1BB', 'W1A 0AX', 'K1A 0B1', 'H0H 0H0', 'V6B-4Y8', '1010', '75008', '10115',
        '100-0001', '160-0022', '01001-000', '2000', '110001', '9', '09', '00000', 'a', 'ab', 'ä', 'äö', '\u{1F600}',
        '\u{1F600}-1', '東京', '東', '\u00a094103', '94103\u3000', '94 103', '94\u00a0103', '94\t103', 'ZIP 94103',
        'zip: 94103', 'D02 X285', 'Dublin 2', 'BT1 1AA', 'GIR 0AA', 'ČR 110 00', 'ß1', '\u01301', '--', '-',
        '1-2', '12-', '\u212A1', '94103\u0085', '94103\u200b', '9 4', ' 9 ', '9-4', '0', '00', '1\u00a0-2345',
        'A1B 2C3', 'a1b2c3', '1234 AB', '1234AB', '12-345', '123-4567', '01310-100', '04001', 'CH-8001',
        'D-10115', 'F-75001', 'L-1234', '8001 Zürich', 'SE-111 22', '111 22', '0150', 'NO-0150', 'AD500',
        'LV-1010', 'KY1-1001', 'MC 98000', 'VA 00120', 'SM47890', 'FIQQ 1ZZ', 'ASCN 1ZZ', 'BIQQ 1ZZ',
        '\u0661\u0662\u0663\u0664\u0665', '１２３４５', '９４１０３－１２３４', '94103\u2010' + '1234',
    ],
    country: [
        'us', 'US', 'Us', 'usa', 'USA', 'U.S.A.', 'United States', 'United States of America', 'america', 'UK',
        'Great Britain', 'England', 'Deutschland', 'Germany', 'DE', 'de ', 'Espa\u043da', 'España', 'Espana',
        'Spain', 'México', 'Mexico', 'Brasil', 'Brazil', "Côte d'Ivoire", "Cote d'Ivoire", 'Ivory Coast',
        'Korea, Republic of', 'South Korea', 'North Korea', 'Viet Nam', 'Vietnam', 'Türkiye', 'Turkey',
        'Czechia', 'Czech Republic', 'Holland', 'The Netherlands', 'Russia', 'Russian Federation', 'Россия',
        '中国', 'China', 'PRC', "People's Republic of China", 'Hong Kong', 'HK', 'Taiwan', 'ROC', 'Indonesia',
        'India', 'IND', 'Republic of India', 'Indiana', 'Windward Islands', 'Niger', 'Nigeria', 'Guinea',
        'Papua New Guinea', 'Equatorial Guinea', 'Guinea-Bissau', 'Dominica', 'Dominican Republic', 'Congo',
        'DR Congo', 'Sudan', 'South Sudan', 'Georgia', 'Jersey', 'New Jersey', 'XK', 'EU', 'ZZ', 'AA', 'uk',
        'gb', 'GBR', 'DEU', 'FRA', '\u0131t', '\u0131T', '\u00df', '\ufb01', '\ufb05', '\ufb06', '\u017ft',
        '\u0130T', '\u212Ae', 'ＵＳ', 'u s', 'U-S', 'us.', '  us  ', 'US\u00a0', 'US\u0085', 'US\u200b', 'U\u0301S',
        'ad', 'ax', 'AX', 'Åland Islands', 'Aland Islands', 'bq', 'cw', 'sx', 'ss', 'xk', 'an', 'yu', 'cs',
        'tp', 'zr', 'su', 'dd', 'fx', 'ac', 'ta', 'ic', 'ea', 'eu', 'un', 'um', 'UM', 'aq', 'bv', 'hm', 'tf',
        'io', 'ps', 'eh', 'mf', 'bl', 'sh', 'pn', 'tk', 'nu', 'ck', 'gs', 'fk', 'Saint Martin (French part)',
        'Sint Maarten (Dutch part)', 'Bonaire, Sint Eustatius and Saba', 'Curaçao', 'Curacao', 'Réunion',
        'Reunion', 'Saint Barthélemy', 'Timor-Leste', 'East Timor', 'Eswatini', 'Swaziland', 'North Macedonia',
        'Macedonia', 'Micronesia', 'Palestine', 'Vatican City', 'Holy See', 'Laos', 'Syria', 'Iran', 'Bolivia',
        'Venezuela', 'Tanzania', 'Moldova', 'Brunei', 'Cape Verde', 'Cabo Verde', 'Myanmar', 'Burma',
        'Kosovo', 'Scotland', 'Wales', 'Northern Ireland', 'Ireland', 'Isle of Man', 'Man', 'Chad', 'Mali',
        'Oman', 'Peru', 'Fiji', 'Cuba', 'Iraq', 'Togo', 'Guam', 'Niue', 'Laos PDR', 'USA!', 'U.S.', 'United Kingdom of GB',
        'countryus', 'usausa', 'indiaus', 'country: Canada', 'Canada/USA', 'Germany (DE)', 'DE-BY', 'US-CA',
    ],
    external_id: [
        'User_1', ' padded ', 'UPPER', 'MiXeD-123', '550E8400-E29B-41D4-A716-446655440000', 'ÄBC', 'josé',
        'ΣΑΣ', 'ΟΔΥΣΣΕΥΣ', '\u0130d', 'id\u00a0x', 'id\u3000x', 'a b\tc\nd', '12345', '0012345', 'email@example.com',
        '+1 650 555 1212', 'id\u0085x', 'id\u200bx', 'id\ufeffx', '\u212Aey', 'Stra\u00dfe', 'id:42', 'id#42',
        'ID-42.7', '42.AQ', '42.ABCDEFGH', `${HASH}.AQ`, `${MD5}.Ag`, `${HASH} .AQ`, '🔑key', 'Ｉｄ', 'Ǆ',
        'https://example.com/user/42', 'user/42?x=1', 'u_\u{10400}', 'id\r\n', '\tid', 'a'.repeat(300),
        'B'.repeat(1000), 'x y z', 'x\u2029y', 'x\u1680y', 'null', 'undefined', 'true', 'NaN', '[object Object]',
    ],
};

// --- Assemble --------------------------------------------------------------------------------

const reference = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'pii-vectors.json'), 'utf8'));
const known = new Set(reference.map((row) => `${row.field}\u0000${row.input}`));

const rows = [];
for (const field of Object.keys(FIELDS)) {
    const candidates = [];
    for (const base of BASE[field]) {
        candidates.push([base, 'base']);
        // Two transformed variants of every base value, chosen by the seeded PRNG.
        for (let k = 0; k < 2; ++k) {
            const [name, transform] = pick(TRANSFORMS);
            candidates.push([transform(base), name]);
        }
    }
    for (const value of COMMON)
        candidates.push([value, 'common']);

    const seen = new Set();
    let n = 0;
    for (const [input, note] of candidates) {
        const key = `${field}\u0000${input}`;
        if (seen.has(key) || known.has(key) || dateDependent(field, input))
            continue;
        seen.add(key);
        ++n;
        rows.push({
            id: `${field}-x${String(n).padStart(3, '0')}`,
            field,
            input,
            note,
            node_sdk: runNodeSdk(field, input),
            param_builder: runParamBuilder(field, input),
        });
    }
}

// One row per line; invisible and look-alike characters escaped so that the file can be read.
const INVISIBLE = /[\u0000-\u001f\u007f-\u00a0\u00ad\u034f\u061c\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufeff\ufff0-\ufffb]/g;
const escapeInvisible = (json) =>
    json.replace(INVISIBLE, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
process.stdout.write('[\n' + rows.map((row) => escapeInvisible(JSON.stringify(row))).join(',\n') + '\n]\n');
console.error(`${rows.length} vectors`);
