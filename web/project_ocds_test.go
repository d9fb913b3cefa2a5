package web_test

import (
	"fmt"
	"testing"

	"hutong/web"
)

func TestProjectPageLinksItsOCDSRecord(t *testing.T) {
	t.Parallel()
	a := newAppWith(t, func(d *web.Deps) { d.OCDSPrefix = "ocds-hutong" })
	n := tenderSeq.Add(1)
	officer, _ := a.signUp(t, fmt.Sprintf("ocds-officer%d@hutong.test", n), "采购科长")
	bureau := officer.createBureau("无锡市梁溪区民政局")
	a.verify(t, bureau)
	draft := officer.createProject(bureau, projectForm(bureau))
	_, body := officer.get("/projects/" + draft)
	mustNotContain(t, body, "/api/v1/ocds/records/")
	id := publishedProject(t, officer, bureau)
	_, body = a.client(t).get("/projects/" + id)
	mustContain(t, body, `/api/v1/ocds/records/ocds-hutong-`+id, "开放合同数据")
}
