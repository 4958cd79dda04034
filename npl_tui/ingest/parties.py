"""Who sells and who buys in a Yindeng announcement: English names and seller types.

The tables name the sellers and buyers that appear in the 2023 announcements; names not
in them fall back to rules on the Chinese name (a consumer finance company, a rural
bank or credit cooperative, a joint-stock or large state bank, else a city commercial
bank), and a buyer not listed keeps its Chinese name. Also the English names of the
cities that branch names and remarks mention (geography only). Pure data: no I/O, no
Textual.
"""

from __future__ import annotations

__all__ = ["BUYERS", "CITY_EN", "SELLERS", "buyer_of", "seller_of"]

# seller_zh (legal name) -> (English name, seller_type)
SELLERS: dict[str, tuple[str, str]] = {
    "平安银行股份有限公司": ("Ping An Bank", "joint_stock_bank"),
    "上海浦东发展银行股份有限公司": ("SPD Bank", "joint_stock_bank"),
    "中国民生银行股份有限公司": ("China Minsheng Bank", "joint_stock_bank"),
    "中国光大银行股份有限公司": ("China Everbright Bank", "joint_stock_bank"),
    "华夏银行股份有限公司": ("Hua Xia Bank", "joint_stock_bank"),
    "中信银行股份有限公司": ("China CITIC Bank", "joint_stock_bank"),
    "广发银行股份有限公司": ("China Guangfa Bank", "joint_stock_bank"),
    "招商银行股份有限公司": ("China Merchants Bank", "joint_stock_bank"),
    "兴业银行股份有限公司": ("Industrial Bank", "joint_stock_bank"),
    "中国邮政储蓄银行股份有限公司": ("Postal Savings Bank of China", "large_state_bank"),
    "交通银行股份有限公司": ("Bank of Communications", "large_state_bank"),
    "中国银行股份有限公司": ("Bank of China", "large_state_bank"),
    "中国建设银行股份有限公司": ("China Construction Bank", "large_state_bank"),
    "中原银行股份有限公司": ("Zhongyuan Bank", "city_commercial_bank"),
    "江苏银行股份有限公司": ("Bank of Jiangsu", "city_commercial_bank"),
    "南京银行股份有限公司": ("Bank of Nanjing", "city_commercial_bank"),
    "上海银行股份有限公司": ("Bank of Shanghai", "city_commercial_bank"),
    "甘肃银行股份有限公司": ("Bank of Gansu", "city_commercial_bank"),
    "河北银行股份有限公司": ("Bank of Hebei", "city_commercial_bank"),
    "珠海华润银行股份有限公司": ("Zhuhai China Resources Bank", "city_commercial_bank"),
    "蒙商银行股份有限公司": ("Mengshang Bank", "city_commercial_bank"),
    "广东顺德农村商业银行股份有限公司": ("Guangdong Shunde Rural Commercial Bank", "rural_commercial_bank"),
    "江苏江南农村商业银行股份有限公司": ("Jiangsu Jiangnan Rural Commercial Bank", "rural_commercial_bank"),
    "江苏紫金农村商业银行股份有限公司": ("Jiangsu Zijin Rural Commercial Bank", "rural_commercial_bank"),
    "肇庆农村商业银行股份有限公司": ("Zhaoqing Rural Commercial Bank", "rural_commercial_bank"),
    "中山农村商业银行股份有限公司": ("Zhongshan Rural Commercial Bank", "rural_commercial_bank"),
    "定西农村商业银行股份有限公司": ("Dingxi Rural Commercial Bank", "rural_commercial_bank"),
    "兰州农村商业银行股份有限公司": ("Lanzhou Rural Commercial Bank", "rural_commercial_bank"),
    "平凉农村商业银行股份有限公司": ("Pingliang Rural Commercial Bank", "rural_commercial_bank"),
    "张掖农村商业银行股份有限公司": ("Zhangye Rural Commercial Bank", "rural_commercial_bank"),
    "甘肃会宁农村商业银行股份有限公司": ("Gansu Huining Rural Commercial Bank", "rural_commercial_bank"),
    "甘肃庄浪农村商业银行股份有限公司": ("Gansu Zhuanglang Rural Commercial Bank", "rural_commercial_bank"),
    "甘肃康县农村商业银行股份有限公司": ("Gansu Kangxian Rural Commercial Bank", "rural_commercial_bank"),
    "甘肃礼县农村商业银行股份有限公司": ("Gansu Lixian Rural Commercial Bank", "rural_commercial_bank"),
    "甘肃泾川农村商业银行股份有限公司": ("Gansu Jingchuan Rural Commercial Bank", "rural_commercial_bank"),
    "甘肃陇西农村商业银行股份有限公司": ("Gansu Longxi Rural Commercial Bank", "rural_commercial_bank"),
    "甘肃西和农村商业银行股份有限公司": ("Gansu Xihe Rural Commercial Bank", "rural_commercial_bank"),
    "天水秦州农村合作银行": ("Tianshui Qinzhou Rural Cooperative Bank", "rural_commercial_bank"),
    "庆城县农村信用合作联社": ("Qingcheng County Rural Credit Cooperative", "rural_commercial_bank"),
    "合水县农村信用合作联社": ("Heshui County Rural Credit Cooperative", "rural_commercial_bank"),
    "华池县农村信用合作联社": ("Huachi County Rural Credit Cooperative", "rural_commercial_bank"),
    "镇原县农村信用合作联社": ("Zhenyuan County Rural Credit Cooperative", "rural_commercial_bank"),
    "通渭县农村信用合作联社": ("Tongwei County Rural Credit Cooperative", "rural_commercial_bank"),
    "皋兰县农村信用合作联社": ("Gaolan County Rural Credit Cooperative", "rural_commercial_bank"),
    "中银消费金融有限公司": ("BOC Consumer Finance", "consumer_finance"),
    "捷信消费金融有限公司": ("Home Credit Consumer Finance", "consumer_finance"),
    "中邮消费金融有限公司": ("China Post Consumer Finance", "consumer_finance"),
    "河南中原消费金融股份有限公司": ("Henan Zhongyuan Consumer Finance", "consumer_finance"),
    "北银消费金融有限公司": ("BOB Consumer Finance", "consumer_finance"),
    "四川锦程消费金融有限责任公司": ("Sichuan Jincheng Consumer Finance", "consumer_finance"),
    "南银法巴消费金融有限公司": ("Nanyin BNP Paribas Consumer Finance", "consumer_finance"),
    "浙江宁银消费金融股份有限公司": ("Zhejiang Ningyin Consumer Finance", "consumer_finance"),
}

JSB = ("平安", "浦发", "浦东发展", "民生", "光大", "中信", "招商", "华夏", "兴业", "广发", "浙商", "渤海", "恒丰")
LARGE = ("工商", "农业银行", "中国银行", "建设银行", "交通银行", "邮政储蓄", "邮储")

def seller_of(name_zh: str) -> tuple[str, str]:
    """English name and seller_type; falls back to rules for names not listed."""
    if name_zh in SELLERS:
        return SELLERS[name_zh]
    if "消费金融" in name_zh:
        kind = "consumer_finance"
    elif "农村商业" in name_zh or "农商" in name_zh or "农村信用" in name_zh or "农村合作" in name_zh:
        kind = "rural_commercial_bank"
    elif any(k in name_zh for k in JSB):
        kind = "joint_stock_bank"
    elif any(k in name_zh for k in LARGE):
        kind = "large_state_bank"
    elif "银行" in name_zh:
        kind = "city_commercial_bank"
    else:
        kind = "other"
    return name_zh, kind

BUYERS: dict[str, str] = {
    "辽宁富安金融资产管理有限公司": "Liaoning Fuan Financial AMC",
    "天津滨海正信资产管理有限公司": "Tianjin Binhai Zhengxin AMC",
    "甘肃长达金融资产管理股份有限公司": "Gansu Changda Financial AMC",
    "海德资产管理有限公司": "Haide AMC",
    "海徳资产管理有限公司": "Haide AMC",  # variant character 徳 in the source; same company
    "宁夏金融资产管理有限公司": "Ningxia Financial AMC",
    "广东粤财资产管理有限公司": "Guangdong Yuecai AMC",
    "河南资产管理有限公司": "Henan Asset Management",
    "苏州资产管理有限公司": "Suzhou AMC",
    "广州资产管理有限公司": "Guangzhou AMC",
    "深圳市招商平安资产管理有限责任公司": "Shenzhen China Merchants Ping An AMC",
    "华润渝康资产管理有限公司": "China Resources Yukang AMC",
    "中国信达资产管理股份有限公司四川省分公司": "China Cinda AMC (Sichuan branch)",
    "云南省资产管理有限公司": "Yunnan AMC",
    "中国华融资产管理股份有限公司浙江省分公司": "China Huarong AMC (Zhejiang branch)",
    "四川发展资产管理有限公司": "Sichuan Development AMC",
    "江西瑞京金融资产管理有限公司": "Jiangxi Ruijing Financial AMC",
    "国厚资产管理股份有限公司": "Guohou AMC",
    "广西广投资产管理股份有限公司": "Guangxi Guangtou AMC",
    "广西联合资产管理股份有限公司（原名称：广西广投资产管理股份有限公司）": "Guangxi United AMC (formerly Guangxi Guangtou AMC)",
    "福建省闽投资产管理有限公司": "Fujian Mintou AMC",
    "重庆富城资产管理有限公司": "Chongqing Fucheng AMC",
    "光大金瓯资产管理有限公司": "Everbright Jinou AMC",
    "浙江省浙商资产管理股份有限公司": "Zhejiang Zheshang AMC",
    "陕西金融资产管理股份有限公司": "Shaanxi Financial AMC",
}

# English names of cities that appear in Yindeng branch names and remarks. Geography only.
CITY_EN: dict[str, str] = {
    "北京": "Beijing", "天津": "Tianjin", "上海": "Shanghai", "重庆": "Chongqing",
    "深圳": "Shenzhen", "广州": "Guangzhou", "东莞": "Dongguan", "佛山": "Foshan", "惠州": "Huizhou",
    "中山": "Zhongshan", "肇庆": "Zhaoqing", "杭州": "Hangzhou", "温州": "Wenzhou", "宁波": "Ningbo",
    "义乌": "Yiwu", "南京": "Nanjing", "苏州": "Suzhou", "郑州": "Zhengzhou", "洛阳": "Luoyang",
    "开封": "Kaifeng", "长沙": "Changsha", "哈尔滨": "Harbin", "太原": "Taiyuan", "晋中": "Jinzhong",
    "泉州": "Quanzhou", "厦门": "Xiamen", "福州": "Fuzhou", "青岛": "Qingdao", "济南": "Jinan",
    "东营": "Dongying", "济宁": "Jining", "临沂": "Linyi", "泰安": "Tai'an", "潍坊": "Weifang",
    "淄博": "Zibo", "成都": "Chengdu", "德阳": "Deyang", "乐山": "Leshan", "绵阳": "Mianyang",
    "沈阳": "Shenyang", "大连": "Dalian", "武汉": "Wuhan", "宜昌": "Yichang", "西安": "Xi'an",
    "咸阳": "Xianyang", "乌鲁木齐": "Urumqi", "兰州": "Lanzhou", "银川": "Yinchuan", "南昌": "Nanchang",
    "合肥": "Hefei", "海口": "Haikou", "廊坊": "Langfang", "唐山": "Tangshan", "石家庄": "Shijiazhuang",
    "保定": "Baoding", "沧州": "Cangzhou", "邯郸": "Handan", "昆明": "Kunming", "南宁": "Nanning",
    "贵阳": "Guiyang", "遵义": "Zunyi",
}

def buyer_of(name_zh: str) -> str:
    """English name of a buyer where known, else the Chinese name as printed."""
    return BUYERS.get(name_zh, name_zh)
