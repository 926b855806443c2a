package casework

import (
	"encoding/hex"
	"strconv"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"onetrip"
)

// A checkpoint (检查点) proves the case logs as they were at a moment: the
// SM3 Merkle root over every case's chain head, chained to the checkpoint
// before and signed with the platform's SM2 key. Whoever can rewrite the
// database can recompute hashes but not the signature, so an audit shows
// that nothing a checkpoint covers was changed, removed or rewritten.

// Head is one case's chain head: the last event's sequence number and hash.
type Head struct {
	CaseID string
	Seq    int
	Hash   string
}

// Leaf is a head's leaf of the Merkle tree.
func Leaf(h Head) [32]byte {
	d := sm3.New()
	d.Write([]byte{0}) // leaves and inner nodes never collide
	d.Write([]byte(h.CaseID + "\n" + strconv.Itoa(h.Seq) + "\n" + h.Hash))
	var out [32]byte
	copy(out[:], d.Sum(nil))
	return out
}

// MerkleRoot is the root (hex) over leaves in the order given (the store
// gives them by case id): pairs hash up level by level, an odd node out
// rises as it is. The root of no leaves is the SM3 of nothing.
func MerkleRoot(leaves [][32]byte) string {
	if len(leaves) == 0 {
		s := sm3.Sum(nil)
		return hex.EncodeToString(s[:])
	}
	level := append([][32]byte(nil), leaves...)
	for len(level) > 1 {
		next := level[:0:0]
		for i := 0; i < len(level); i += 2 {
			if i+1 == len(level) {
				next = append(next, level[i])
				continue
			}
			d := sm3.New()
			d.Write([]byte{1})
			d.Write(level[i][:])
			d.Write(level[i+1][:])
			var n [32]byte
			copy(n[:], d.Sum(nil))
			next = append(next, n)
		}
		level = next
	}
	return hex.EncodeToString(level[0][:])
}

// Checkpoint is one signed checkpoint.
type Checkpoint struct {
	Seq       int       `json:"seq"`
	At        time.Time `json:"at"`
	Cases     int       `json:"cases"`
	Events    int       `json:"events"`
	Root      string    `json:"root"`
	PrevHash  string    `json:"prev_hash"`
	Hash      string    `json:"hash"`
	KeyID     string    `json:"key_id"`
	Signature []byte    `json:"signature"`
}

// Payload is what a checkpoint's hash and signature cover.
func (c Checkpoint) Payload() []byte {
	return []byte("onetrip-checkpoint-1\n" + strconv.Itoa(c.Seq) + "\n" + c.At.UTC().Format(onetrip.TimeLayout) + "\n" +
		strconv.Itoa(c.Cases) + "\n" + strconv.Itoa(c.Events) + "\n" + c.Root + "\n" + c.PrevHash)
}

// PayloadHash is the SM3 (hex) of the payload: the next checkpoint's
// PrevHash.
func (c Checkpoint) PayloadHash() string {
	s := sm3.Sum(c.Payload())
	return hex.EncodeToString(s[:])
}
