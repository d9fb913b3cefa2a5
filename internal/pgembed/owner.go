package pgembed

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// runAs is the unprivileged account a root process runs the cluster as,
// since initdb and postgres refuse to run as root. nil means the current
// user.
type runAs struct {
	name     string
	uid, gid uint32
}

// unprivileged picks the account to run the cluster as when running as
// root: "postgres" (created by the distribution's packages) when it
// exists, else "nobody".
func unprivileged() (*runAs, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.ParseUint(u.Uid, 10, 32)
		gid, _ := strconv.ParseUint(u.Gid, 10, 32)
		return &runAs{name: name, uid: uint32(uid), gid: uint32(gid)}, nil
	}
	return nil, fmt.Errorf("running as root, but neither a postgres nor a nobody account exists to run PostgreSQL as: create one, or run hutong as an ordinary user")
}

// apply makes cmd run as the account, in its own process group so that a
// Ctrl-C at the terminal reaches hutong first and hutong stops the cluster
// in order.
func (r *runAs) apply(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if r != nil {
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: r.uid, Gid: r.gid}
		cmd.Env = append(os.Environ(), "HOME="+cmd.Dir, "USER="+r.name)
	}
}

// own gives the account dir and everything in it, and checks that the
// account can reach dir through its parents.
func (r *runAs) own(dir string) error {
	if r == nil {
		return nil
	}
	err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, int(r.uid), int(r.gid))
	})
	if err != nil {
		return fmt.Errorf("give %s to %s: %w", dir, r.name, err)
	}
	for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
		st, err := os.Stat(p)
		if err != nil {
			return err
		}
		if st.Mode().Perm()&0o001 == 0 {
			return fmt.Errorf("the %s account that runs PostgreSQL cannot reach %s, because %s is not searchable by others: "+
				"choose another HUTONG_DATA_DIR or run `chmod o+x %s`", r.name, dir, p, p)
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}
