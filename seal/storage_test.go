package seal

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"onetrip"
)

func TestLoadOrCreateMasterKey(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "keys", "master.key")

	created, err := LoadOrCreateMasterKey(path, "")
	if err != nil || len(created) != MasterKeySize {
		t.Fatalf("create: %x %v", created, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Fatalf("created with mode %v, want 0600", st.Mode().Perm())
	}
	again, err := LoadOrCreateMasterKey(path, "")
	if err != nil || !bytes.Equal(again, created) {
		t.Fatalf("reload gave %x, %v; want %x", again, err, created)
	}

	// The environment wins over the file, in hex or base64.
	want := []byte("0123456789abcdef")
	for _, env := range []string{
		hex.EncodeToString(want),
		" " + hex.EncodeToString(want) + "\n",
		base64.StdEncoding.EncodeToString(want),
		base64.RawStdEncoding.EncodeToString(want),
		base64.RawURLEncoding.EncodeToString(want),
	} {
		got, err := LoadOrCreateMasterKey(path, env)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("env %q: %x %v", env, got, err)
		}
	}
}

func TestMasterKeyErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil { // WriteFile's mode is masked by umask
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name, path, env, key string
	}{
		{"short hex env", "", "00112233", "seal.master_key_env"},
		{"long base64 env", "", base64.StdEncoding.EncodeToString(make([]byte, 32)), "seal.master_key_env"},
		{"neither hex nor base64", "", "not a key!", "seal.master_key_env_enc"},
		{"file not hex", write("bad.key", "zz", 0o600), "", "seal.master_key_file"},
		{"file too short", write("short.key", "0011", 0o600), "", "seal.master_key_file"},
	}
	if runtime.GOOS != "windows" {
		cases = append(cases,
			struct{ name, path, env, key string }{"group readable", write("g.key", hex.EncodeToString(make([]byte, 16)), 0o640), "", "seal.master_key_perm"},
			struct{ name, path, env, key string }{"world readable", write("w.key", hex.EncodeToString(make([]byte, 16)), 0o604), "", "seal.master_key_perm"},
		)
	}
	for _, c := range cases {
		_, err := LoadOrCreateMasterKey(c.path, c.env)
		if err == nil || onetrip.AsError(err).Key != c.key {
			t.Errorf("%s: %v, want %s", c.name, err, c.key)
		}
	}
}

func TestSealOpenPrivateKey(t *testing.T) {
	master := bytes.Repeat([]byte{7}, 16)
	otherMaster := bytes.Repeat([]byte{8}, 16)
	k := mustKey(t)
	blob, err := SealPrivateKey(master, "seal-1", k)
	if err != nil {
		t.Fatal(err)
	}
	blob2, _ := SealPrivateKey(master, "seal-1", k)
	if bytes.Equal(blob, blob2) {
		t.Fatal("two seals of the same key are equal: nonce is not random")
	}
	back, err := OpenPrivateKey(master, "seal-1", blob)
	if err != nil {
		t.Fatal(err)
	}
	if !back.Public().Equal(k.Public()) {
		t.Fatal("opened key differs")
	}
	sig, _ := back.Sign([]byte("d"))
	if !Verify(k.Public(), []byte("d"), sig) {
		t.Fatal("opened key does not sign for the original public key")
	}

	flipped := bytes.Clone(blob)
	flipped[len(flipped)-5] ^= 0x10
	badVersion := bytes.Clone(blob)
	badVersion[0] = 9
	for _, c := range []struct {
		name   string
		master []byte
		id     string
		blob   []byte
		key    string
	}{
		{"other seal id", master, "seal-2", blob, "seal.unlock_failed"},
		{"other master", otherMaster, "seal-1", blob, "seal.unlock_failed"},
		{"flipped bit", master, "seal-1", flipped, "seal.unlock_failed"},
		{"truncated", master, "seal-1", blob[:20], "seal.blob_short"},
		{"empty", master, "seal-1", nil, "seal.blob_short"},
		{"version", master, "seal-1", badVersion, "seal.blob_version"},
		{"short master", master[:8], "seal-1", blob, "seal.master_key_len"},
	} {
		_, err := OpenPrivateKey(c.master, c.id, c.blob)
		if err == nil || onetrip.AsError(err).Key != c.key {
			t.Errorf("%s: %v, want %s", c.name, err, c.key)
		}
	}
	if _, err := SealPrivateKey(master[:15], "x", k); err == nil {
		t.Error("sealed under a 15-byte master key")
	}
	if _, err := SealPrivateKey(master, "x", nil); err == nil {
		t.Error("sealed a nil key")
	}
}

func TestSealSecret(t *testing.T) {
	master := bytes.Repeat([]byte{7}, MasterKeySize)
	blob, err := SealSecret(master, "webhook:1", []byte("s3cret"))
	if err != nil || bytes.Contains(blob, []byte("s3cret")) {
		t.Fatalf("%v", err)
	}
	if got, err := OpenSecret(master, "webhook:1", blob); err != nil || string(got) != "s3cret" {
		t.Fatalf("%q %v", got, err)
	}
	if _, err := OpenSecret(master, "webhook:2", blob); err == nil {
		t.Fatal("opened under another purpose")
	}
	other := bytes.Repeat([]byte{8}, MasterKeySize)
	if _, err := OpenSecret(other, "webhook:1", blob); err == nil {
		t.Fatal("opened with another master key")
	}
	if _, err := OpenSecret(master, "webhook:1", blob[:5]); err == nil {
		t.Fatal("opened a truncated blob")
	}
}
