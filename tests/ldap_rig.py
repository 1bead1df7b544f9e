"""A real OpenLDAP server for the directory tests: Debian's ``slapd`` on 127.0.0.1 with a
throw-away ``cn=config`` (mdb database, the ``memberOf`` overlay, a test CA's certificate for
StartTLS and ldaps), filled over LDAP so the overlay sees every membership.

The people and groups (``dc=example,dc=org``):

- alice: in ``maintenance-leads``, which is in ``shop-admins`` (a nested admin);
- bob: in ``shop-editors``; carol: in ``shop-viewers``;
- dave: in ``shop-editors`` but disabled (``employeeType: disabled``);
- erin: only in ``canteen``, which maps to no role;
- frank: no password at all.

``make test`` installs slapd when it is missing (as root with apt); without it the tests say
so plainly and are skipped.
"""

from __future__ import annotations

import datetime
import ipaddress
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from ldap3 import MODIFY_ADD, MODIFY_DELETE, MODIFY_REPLACE, Connection, Server

from tests.harness import free_port

SUFFIX = "dc=example,dc=org"
ROOT_DN = f"cn=admin,{SUFFIX}"
ROOT_PW = "root-secret"
SERVICE_DN = f"cn=shopdb,ou=services,{SUFFIX}"
SERVICE_PW = "service-secret"
PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"
PASSWORDS = {"alice": "alice-ldap-pw", "bob": "bob-ldap-pw", "carol": "carol-ldap-pw",
             "dave": "dave-ldap-pw", "erin": "erin-ldap-pw"}
#: The role mapping: a plain name, a full DN, and a name in another case than the directory's.
ROLE_GROUPS: dict[str, list[str]] = {
    "admin_groups": ["shop-admins"], "editor_groups": [f"cn=shop-editors,{GROUPS}"],
    "viewer_groups": ["Shop-Viewers"]}
MODULES = Path("/usr/lib/ldap")
SCHEMAS = Path("/etc/ldap/schema")


def slapd() -> str | None:
    """slapd's path, or None when Debian's slapd is not installed."""
    found = shutil.which("slapd") or ("/usr/sbin/slapd" if Path("/usr/sbin/slapd").exists()
                                      else None)
    if found and (MODULES / "memberof.so").exists() and (SCHEMAS / "core.ldif").exists():
        return found
    return None


def person(uid: str) -> str:
    return f"uid={uid},{PEOPLE}"


def group(cn: str) -> str:
    return f"cn={cn},{GROUPS}"


@dataclass
class Rig:
    """A running slapd: its URLs, the test CA, and a root connection to change entries."""

    ldap_url: str
    ldaps_url: str
    ca_file: Path
    folder: Path

    def admin(self) -> Connection:
        return Connection(Server(self.ldap_url), ROOT_DN, ROOT_PW, auto_bind=True)

    def add_member(self, group_cn: str, member_dn: str) -> None:
        with self.admin() as conn:
            conn.modify(group(group_cn), {"member": [(MODIFY_ADD, [member_dn])]})
            assert conn.result["result"] == 0, conn.result

    def remove_member(self, group_cn: str, member_dn: str) -> None:
        with self.admin() as conn:
            conn.modify(group(group_cn), {"member": [(MODIFY_DELETE, [member_dn])]})
            assert conn.result["result"] == 0, conn.result

    def set_attribute(self, dn: str, name: str, value: str) -> None:
        with self.admin() as conn:
            conn.modify(dn, {name: [(MODIFY_REPLACE, [value])]})
            assert conn.result["result"] == 0, conn.result

    def settings(self, **overrides: object) -> dict[str, object]:
        """The SHOPDB_LDAP_* settings (as Settings keywords) for this directory."""
        return {"ldap_url": self.ldap_url, "ldap_ca_file": str(self.ca_file),
                "ldap_bind_dn": SERVICE_DN, "ldap_bind_password": SERVICE_PW,
                "ldap_user_base": PEOPLE, "ldap_group_base": GROUPS,
                "ldap_disabled_filter": "(employeeType=disabled)",
                "ldap_timeout_seconds": 3.0,
                **ROLE_GROUPS, **overrides}


def _certificates(folder: Path) -> Path:
    """A test CA and a certificate for 127.0.0.1/localhost signed by it; the CA's path."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "shopdb test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(days=1))
          .not_valid_after(now + datetime.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "server.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "server.key").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    return folder / "ca.pem"


def _config(folder: Path) -> str:
    return f"""dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: {folder}/slapd.pid
olcTLSCACertificateFile: {folder}/ca.pem
olcTLSCertificateFile: {folder}/server.pem
olcTLSCertificateKeyFile: {folder}/server.key

dn: cn=module{{0}},cn=config
objectClass: olcModuleList
cn: module{{0}}
olcModulePath: {MODULES}
olcModuleLoad: back_mdb
olcModuleLoad: memberof

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file://{SCHEMAS}/core.ldif
include: file://{SCHEMAS}/cosine.ldif
include: file://{SCHEMAS}/inetorgperson.ldif

dn: olcDatabase={{-1}}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {{-1}}frontend

dn: olcDatabase={{0}}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {{0}}config
olcAccess: {{0}}to * by * none

dn: olcDatabase={{1}}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {{1}}mdb
olcSuffix: {SUFFIX}
olcRootDN: {ROOT_DN}
olcRootPW: {ROOT_PW}
olcDbDirectory: {folder}/data
olcDbMaxSize: 67108864
olcAccess: {{0}}to attrs=userPassword by self write by anonymous auth by * none
olcAccess: {{1}}to * by * read

dn: olcOverlay={{0}}memberof,olcDatabase={{1}}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcMemberOf
olcOverlay: {{0}}memberof
olcMemberOfGroupOC: groupOfNames
olcMemberOfMemberAD: member
olcMemberOfMemberOfAD: memberOf
"""


def _fill(url: str) -> None:
    with Connection(Server(url), ROOT_DN, ROOT_PW, auto_bind=True) as conn:
        def add(dn: str, classes: list[str], attributes: dict[str, object]) -> None:
            conn.add(dn, classes, attributes)
            assert conn.result["result"] == 0, (dn, conn.result)

        add(SUFFIX, ["dcObject", "organization"], {"o": "Example Plant", "dc": "example"})
        for ou in ("people", "groups", "services"):
            add(f"ou={ou},{SUFFIX}", ["organizationalUnit"], {"ou": ou})
        add(SERVICE_DN, ["person"], {"cn": "shopdb", "sn": "service",
                                     "userPassword": SERVICE_PW})
        names = {"alice": "Alice Adler", "bob": "Bob Brandt", "carol": "Carol Czerny",
                 "dave": "Dave Dorn", "erin": "Erin Eck"}
        for uid, name in names.items():
            attributes: dict[str, object] = {
                "cn": name, "sn": name.split()[1], "displayName": name,
                "mail": f"{uid}@example.org", "userPassword": PASSWORDS[uid]}
            if uid == "dave":
                attributes["employeeType"] = "disabled"
            add(person(uid), ["inetOrgPerson"], attributes)
        # frank has no password at all: no password can bind as him.
        add(person("frank"), ["inetOrgPerson"], {"cn": "Frank Fuchs", "sn": "Fuchs"})
        # Nested: alice is an admin through maintenance-leads, a member of shop-admins.
        # groupOfNames needs a member: the service account keeps the group when alice leaves.
        add(group("maintenance-leads"), ["groupOfNames"], {"member": [person("alice"),
                                                                      SERVICE_DN]})
        add(group("shop-admins"), ["groupOfNames"], {"member": [group("maintenance-leads")]})
        add(group("shop-editors"), ["groupOfNames"], {"member": [person("bob"),
                                                                 person("dave")]})
        add(group("shop-viewers"), ["groupOfNames"], {"member": [person("carol")]})
        add(group("canteen"), ["groupOfNames"], {"member": [person("erin")]})


@contextmanager
def running(folder: Path) -> Iterator[Rig]:
    """A filled slapd in ``folder`` until the block ends."""
    binary = slapd()
    assert binary, "slapd is not installed"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir()
    (folder / "slapd.d").mkdir()
    ca = _certificates(folder)
    (folder / "config.ldif").write_text(_config(folder))
    subprocess.run([shutil.which("slapadd") or "/usr/sbin/slapadd", "-n0", "-F",
                    str(folder / "slapd.d"), "-l", str(folder / "config.ldif")],
                   check=True, capture_output=True)
    port, secure = free_port(), free_port()
    url, urls = f"ldap://127.0.0.1:{port}", f"ldaps://127.0.0.1:{secure}"
    log = (folder / "slapd.log").open("wb")
    process = subprocess.Popen([binary, "-d", "0", "-F", str(folder / "slapd.d"),
                                "-h", f"{url}/ {urls}/"], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with Connection(Server(url, connect_timeout=1), ROOT_DN, ROOT_PW,
                                auto_bind=True):
                    break
            except Exception:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("slapd did not start: "
                                       + (folder / "slapd.log").read_text()[-2000:]) from None
                time.sleep(0.1)
        _fill(url)
        yield Rig(url, urls, ca, folder)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
