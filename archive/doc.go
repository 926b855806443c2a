// Package archive is electronic filing (电子文件归档): the archive package a
// department keeps of its part of a closed case, the 四性检测 (DA/T 70-2018:
// authenticity, integrity, usability, security) that any holder can run on
// a package, and the retention rules.
//
// A package is a BagIt bag (RFC 8493) in a zip, chosen over DA/T 48's EEP
// because a bag is readable with unzip and a text editor and its manifest
// is checkable with OpenSSL alone:
//
//	bagit.txt               BagIt-Version: 1.0
//	bag-info.txt            the DA/T 85 metadata as labelled lines
//	metadata.json           the same metadata as DA/T 46 elements, and the file list with roles
//	manifest-sm3.txt        "<SM3 hex>  data/<path>" for every payload file
//	tagmanifest-sm3.txt     the SM3 of bagit.txt, bag-info.txt, metadata.json, manifest-sm3.txt
//	tagmanifest-sm3.txt.sig the department seal's SM2 signature (DER) of tagmanifest-sm3.txt
//	seal.pem                the seal's public key
//	data/…                  the payload: record, form, materials, tasks, notices, result, events
//
// The signature covers the tag manifest, which covers the metadata and the
// manifest, which covers every payload file: one signature makes the whole
// package authentic. Build and Check are pure functions over bytes.
package archive
