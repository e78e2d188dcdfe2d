/* outcome.c - the outcome taxonomy table (domain/outcome.h). */
#include "domain/outcome.h"

#include <string.h>

#define HEAD "{applicant}：\n本机关于{received}收到您提出的政府信息公开申请，申请获取“{description}”。"
#define TAIL "\n如对本答复不服，可以自收到本告知书之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。\n{agency}\n{date}"

static const struct outcome_info outcomes[] = {
	{"disclosed", "disclosed", "disclosed", NULL, "（一）予以公开",
	 HEAD "经审查，您申请获取的政府信息属于公开范围，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，现予以提供。" TAIL},
	{"partial", "partial", "partial", NULL, "（二）部分公开",
	 HEAD "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，根据《中华人民共和国政府信息公开条例》第三十七条的规定，现向您提供可以公开的部分，并说明不予公开部分的理由。" TAIL},
	{"withheld_state_secret", "withheld_state_secret", "withheld_state_secret", "（三）不予公开", "1.属于国家秘密",
	 HEAD "经审查，您申请获取的政府信息属于国家秘密，根据《中华人民共和国政府信息公开条例》第十四条的规定，不予公开。" TAIL},
	{"withheld_law", "withheld_law", "withheld_law", "（三）不予公开", "2.其他法律行政法规禁止公开",
	 HEAD "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息，根据《中华人民共和国政府信息公开条例》第十四条的规定，不予公开。" TAIL},
	{"withheld_security", "withheld_security", "withheld_security", "（三）不予公开", "3.危及“三安全一稳定”",
	 HEAD "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，根据《中华人民共和国政府信息公开条例》第十四条的规定，不予公开。" TAIL},
	{"withheld_third_party", "withheld_third_party", "withheld_third_party", "（三）不予公开", "4.保护第三方合法权益",
	 HEAD "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，根据《中华人民共和国政府信息公开条例》第十五条的规定，不予公开。" TAIL},
	{"withheld_internal", "withheld_internal", "withheld_internal", "（三）不予公开", "5.属于三类内部事务信息",
	 HEAD "经审查，您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息，根据《中华人民共和国政府信息公开条例》第十六条第一款的规定，不予公开。" TAIL},
	{"withheld_process", "withheld_process", "withheld_process", "（三）不予公开", "6.属于四类过程性信息",
	 HEAD "经审查，您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息，根据《中华人民共和国政府信息公开条例》第十六条第二款的规定，不予公开。" TAIL},
	{"withheld_enforcement_file", "withheld_enforcement", "withheld_enforcement", "（三）不予公开", "7.属于行政执法案卷",
	 HEAD "经审查，您申请获取的政府信息属于行政执法案卷信息，根据《中华人民共和国政府信息公开条例》第十六条第二款的规定，不予公开。" TAIL},
	{"withheld_inquiry", "withheld_inquiry", "withheld_inquiry", "（三）不予公开", "8.属于行政查询事项",
	 HEAD "经审查，您申请获取的信息属于行政查询事项，请您通过相应的业务查询渠道办理。" TAIL},
	{"unable_not_held", "unavailable_not_held", "unavailable_not_held", "（四）无法提供", "1.本机关不掌握相关政府信息",
	 HEAD "经检索，本机关未制作或者获取您申请的政府信息，根据《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项的规定，特此告知。" TAIL},
	{"unable_needs_creation", "unavailable_needs_creation", "unavailable_needs_creation", "（四）无法提供", "2.没有现成信息需要另行制作",
	 HEAD "经审查，本机关没有您申请的现成信息，需要对现有政府信息进行加工、分析，根据《中华人民共和国政府信息公开条例》第三十八条的规定，本机关可以不予提供。" TAIL},
	{"unable_unclear_after_correction", "unavailable_unclear", "unavailable_unclear", "（四）无法提供", "3.补正后申请内容仍不明确",
	 HEAD "经补正后，您的申请内容仍不明确，本机关无法确定您所需的政府信息，根据《中华人民共和国政府信息公开条例》第三十条的规定，无法提供。" TAIL},
	{"rejected_complaint", "declined_petition", "declined_petition", "（五）不予处理", "1.信访举报投诉类申请",
	 HEAD "经审查，您的申请实为信访、投诉、举报事项，根据《中华人民共和国政府信息公开条例》第三十九条的规定，不作为政府信息公开申请处理，请通过相应渠道提出。" TAIL},
	{"rejected_repeat", "declined_duplicate", "declined_duplicate", "（五）不予处理", "2.重复申请",
	 HEAD "经审查，本机关已就您的同一内容申请作出答复，且您重复申请公开，根据《中华人民共和国政府信息公开条例》第三十六条第（六）项的规定，不予重复处理。" TAIL},
	{"rejected_publication", "declined_publication", "declined_publication", "（五）不予处理", "3.要求提供公开出版物",
	 HEAD "经审查，您要求提供的是公开出版物，根据《中华人民共和国政府信息公开条例》第三十九条的规定，请通过公开出版物的获取途径获取。" TAIL},
	{"rejected_mass_repeat", "declined_vexatious", "declined_vexatious", "（五）不予处理", "4.无正当理由大量反复申请",
	 HEAD "经审查，您申请公开政府信息的数量、频次明显超过合理范围，且未能说明正当理由，根据《中华人民共和国政府信息公开条例》第三十五条的规定，不予处理。" TAIL},
	{"rejected_confirm", "declined_confirm", "declined_confirm", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息",
	 HEAD "经审查，您的申请系要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请的范围，不予处理。" TAIL},
	{"other_no_correction", "other_no_correction", "other", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
	 HEAD "本机关已向您发出补正告知，您无正当理由逾期未补正，根据《中华人民共和国政府信息公开条例》第三十条的规定，视为放弃申请，本机关不再处理该政府信息公开申请。" TAIL},
	{"other_no_payment", "other_no_payment", "other", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
	 HEAD "本机关已向您发出收费通知，您逾期未按通知要求缴纳信息处理费，根据《政府信息公开信息处理费管理办法》的规定，视为放弃申请，本机关不再处理该政府信息公开申请。" TAIL},
	{"other_other", "other_other", "other", "（六）其他处理", "3.其他",
	 HEAD "现就您的申请告知如下：（请填写具体处理情况）。" TAIL},
};

const struct outcome_info *outcome_find(const char *key)
{
	size_t i;
	for (i = 0; key && i < sizeof outcomes / sizeof outcomes[0]; i++)
		if (!strcmp(outcomes[i].key, key))
			return &outcomes[i];
	return NULL;
}

const struct outcome_info *outcome_all(size_t *n)
{
	*n = sizeof outcomes / sizeof outcomes[0];
	return outcomes;
}

const char *outcome_report_row(const char *key, const char *format)
{
	const struct outcome_info *o = outcome_find(key);
	if (!o || !format)
		return NULL;
	if (!strcmp(format, "2021"))
		return o->row2021;
	if (!strcmp(format, "2019"))
		return o->row2019;
	return NULL;
}

static const char *field_value(const struct notice_fields *f, const char *name, size_t n)
{
	const char *v = NULL;
	if (n == 9 && !memcmp(name, "applicant", 9))
		v = f->applicant;
	else if (n == 8 && !memcmp(name, "received", 8))
		v = f->received;
	else if (n == 11 && !memcmp(name, "description", 11))
		v = f->description;
	else if (n == 6 && !memcmp(name, "agency", 6))
		v = f->agency;
	else if (n == 4 && !memcmp(name, "date", 4))
		v = f->date;
	return v ? v : "";
}

int outcome_render_notice(const char *key, const struct notice_fields *f, struct buf *out)
{
	const struct outcome_info *o = outcome_find(key);
	const char *p, *open, *close;
	if (!o)
		return -1;
	p = o->notice;
	while ((open = strchr(p, '{')) && (close = strchr(open, '}'))) {
		if (buf_add(out, p, (size_t)(open - p)) ||
		    buf_adds(out, field_value(f, open + 1, (size_t)(close - open - 1))))
			return -1;
		p = close + 1;
	}
	return buf_adds(out, p);
}
