"""Real places for the synthetic lots of benchmarks/make_lots.py: GB/T 2260 prefecture
codes, city names, district names for court names, and provincial populations.

Nothing here is synthetic; only the lots made from it are.

CITIES — every prefecture-level *city* (地级市) of the 31 provinces, plus the four
municipalities under their GB/T 2260 code XX0100 (市辖区). Leagues, autonomous
prefectures and 地区 (e.g. 延边朝鲜族自治州, 阿拉善盟, 喀什地区) are left out: the
generator needs real cities, not every prefecture-level unit.
  code, Chinese name: the Ministry of Civil Affairs' administrative division codes
  (中华人民共和国县以上行政区划代码, GB/T 2260), as published by the National Bureau
  of Statistics in its 统计用区划代码 (whose first four digits + "00" are the GB/T 2260
  prefecture code), taken from the compilation in the public repository
  modood/Administrative-divisions-of-China, file dist/cities.csv (post-2019 edition:
  Laiwu 371200 already merged into Jinan, Danzhou 460400 and Nagqu 540600 present).
  English: the pinyin of the Chinese name without 市, in the usual English spelling
  where one is established (Harbin, Hohhot, Urumqi, Lhasa, Shigatse, Xi'an).
  weight: how often the generator picks the city within its province: 3 for a
  provincial capital or a municipality, 2 for the five cities specifically designated
  in the state plan (Dalian, Ningbo, Xiamen, Qingdao, Shenzhen), 1 otherwise. This
  weight is an assumption of the generator, not data.

DISTRICTS — a few urban districts (市辖区) of the largest cities, for the names of their
basic-level courts ("Hangzhou Xihu District People's Court", 杭州市西湖区人民法院). Names
as in the same GB/T 2260 list; only districts that exist today (Hangzhou's 江干/下城,
merged in 2021, and Shanghai's 闸北, merged in 2015, are not used).

POPULATION_2020 — resident population by province at the seventh national census
(2020-11-01): National Bureau of Statistics, Communiqué of the Seventh National
Population Census No. 3 (第七次全国人口普查公报（第三号）, 2021-05-11). The 31 provinces
sum to 1,409,778,724: the national 1,411,778,724 less the 2,000,000 active servicemen
counted apart. Used only to spread the judicial auctions of the provinces the 2025
report does not count.
"""

from __future__ import annotations

#: code,name_en,name_zh,weight
CITIES = """\
110100,Beijing,北京市,3
120100,Tianjin,天津市,3
130100,Shijiazhuang,石家庄市,3
130200,Tangshan,唐山市,1
130300,Qinhuangdao,秦皇岛市,1
130400,Handan,邯郸市,1
130500,Xingtai,邢台市,1
130600,Baoding,保定市,1
130700,Zhangjiakou,张家口市,1
130800,Chengde,承德市,1
130900,Cangzhou,沧州市,1
131000,Langfang,廊坊市,1
131100,Hengshui,衡水市,1
140100,Taiyuan,太原市,3
140200,Datong,大同市,1
140300,Yangquan,阳泉市,1
140400,Changzhi,长治市,1
140500,Jincheng,晋城市,1
140600,Shuozhou,朔州市,1
140700,Jinzhong,晋中市,1
140800,Yuncheng,运城市,1
140900,Xinzhou,忻州市,1
141000,Linfen,临汾市,1
141100,Lüliang,吕梁市,1
150100,Hohhot,呼和浩特市,3
150200,Baotou,包头市,1
150300,Wuhai,乌海市,1
150400,Chifeng,赤峰市,1
150500,Tongliao,通辽市,1
150600,Ordos,鄂尔多斯市,1
150700,Hulunbuir,呼伦贝尔市,1
150800,Bayannur,巴彦淖尔市,1
150900,Ulanqab,乌兰察布市,1
210100,Shenyang,沈阳市,3
210200,Dalian,大连市,2
210300,Anshan,鞍山市,1
210400,Fushun,抚顺市,1
210500,Benxi,本溪市,1
210600,Dandong,丹东市,1
210700,Jinzhou,锦州市,1
210800,Yingkou,营口市,1
210900,Fuxin,阜新市,1
211000,Liaoyang,辽阳市,1
211100,Panjin,盘锦市,1
211200,Tieling,铁岭市,1
211300,Chaoyang,朝阳市,1
211400,Huludao,葫芦岛市,1
220100,Changchun,长春市,3
220200,Jilin,吉林市,1
220300,Siping,四平市,1
220400,Liaoyuan,辽源市,1
220500,Tonghua,通化市,1
220600,Baishan,白山市,1
220700,Songyuan,松原市,1
220800,Baicheng,白城市,1
230100,Harbin,哈尔滨市,3
230200,Qiqihar,齐齐哈尔市,1
230300,Jixi,鸡西市,1
230400,Hegang,鹤岗市,1
230500,Shuangyashan,双鸭山市,1
230600,Daqing,大庆市,1
230700,Yichun,伊春市,1
230800,Jiamusi,佳木斯市,1
230900,Qitaihe,七台河市,1
231000,Mudanjiang,牡丹江市,1
231100,Heihe,黑河市,1
231200,Suihua,绥化市,1
310100,Shanghai,上海市,3
320100,Nanjing,南京市,3
320200,Wuxi,无锡市,1
320300,Xuzhou,徐州市,1
320400,Changzhou,常州市,1
320500,Suzhou,苏州市,1
320600,Nantong,南通市,1
320700,Lianyungang,连云港市,1
320800,Huai'an,淮安市,1
320900,Yancheng,盐城市,1
321000,Yangzhou,扬州市,1
321100,Zhenjiang,镇江市,1
321200,Taizhou,泰州市,1
321300,Suqian,宿迁市,1
330100,Hangzhou,杭州市,3
330200,Ningbo,宁波市,2
330300,Wenzhou,温州市,1
330400,Jiaxing,嘉兴市,1
330500,Huzhou,湖州市,1
330600,Shaoxing,绍兴市,1
330700,Jinhua,金华市,1
330800,Quzhou,衢州市,1
330900,Zhoushan,舟山市,1
331000,Taizhou,台州市,1
331100,Lishui,丽水市,1
340100,Hefei,合肥市,3
340200,Wuhu,芜湖市,1
340300,Bengbu,蚌埠市,1
340400,Huainan,淮南市,1
340500,Ma'anshan,马鞍山市,1
340600,Huaibei,淮北市,1
340700,Tongling,铜陵市,1
340800,Anqing,安庆市,1
341000,Huangshan,黄山市,1
341100,Chuzhou,滁州市,1
341200,Fuyang,阜阳市,1
341300,Suzhou,宿州市,1
341500,Lu'an,六安市,1
341600,Bozhou,亳州市,1
341700,Chizhou,池州市,1
341800,Xuancheng,宣城市,1
350100,Fuzhou,福州市,3
350200,Xiamen,厦门市,2
350300,Putian,莆田市,1
350400,Sanming,三明市,1
350500,Quanzhou,泉州市,1
350600,Zhangzhou,漳州市,1
350700,Nanping,南平市,1
350800,Longyan,龙岩市,1
350900,Ningde,宁德市,1
360100,Nanchang,南昌市,3
360200,Jingdezhen,景德镇市,1
360300,Pingxiang,萍乡市,1
360400,Jiujiang,九江市,1
360500,Xinyu,新余市,1
360600,Yingtan,鹰潭市,1
360700,Ganzhou,赣州市,1
360800,Ji'an,吉安市,1
360900,Yichun,宜春市,1
361000,Fuzhou,抚州市,1
361100,Shangrao,上饶市,1
370100,Jinan,济南市,3
370200,Qingdao,青岛市,2
370300,Zibo,淄博市,1
370400,Zaozhuang,枣庄市,1
370500,Dongying,东营市,1
370600,Yantai,烟台市,1
370700,Weifang,潍坊市,1
370800,Jining,济宁市,1
370900,Tai'an,泰安市,1
371000,Weihai,威海市,1
371100,Rizhao,日照市,1
371300,Linyi,临沂市,1
371400,Dezhou,德州市,1
371500,Liaocheng,聊城市,1
371600,Binzhou,滨州市,1
371700,Heze,菏泽市,1
410100,Zhengzhou,郑州市,3
410200,Kaifeng,开封市,1
410300,Luoyang,洛阳市,1
410400,Pingdingshan,平顶山市,1
410500,Anyang,安阳市,1
410600,Hebi,鹤壁市,1
410700,Xinxiang,新乡市,1
410800,Jiaozuo,焦作市,1
410900,Puyang,濮阳市,1
411000,Xuchang,许昌市,1
411100,Luohe,漯河市,1
411200,Sanmenxia,三门峡市,1
411300,Nanyang,南阳市,1
411400,Shangqiu,商丘市,1
411500,Xinyang,信阳市,1
411600,Zhoukou,周口市,1
411700,Zhumadian,驻马店市,1
420100,Wuhan,武汉市,3
420200,Huangshi,黄石市,1
420300,Shiyan,十堰市,1
420500,Yichang,宜昌市,1
420600,Xiangyang,襄阳市,1
420700,Ezhou,鄂州市,1
420800,Jingmen,荆门市,1
420900,Xiaogan,孝感市,1
421000,Jingzhou,荆州市,1
421100,Huanggang,黄冈市,1
421200,Xianning,咸宁市,1
421300,Suizhou,随州市,1
430100,Changsha,长沙市,3
430200,Zhuzhou,株洲市,1
430300,Xiangtan,湘潭市,1
430400,Hengyang,衡阳市,1
430500,Shaoyang,邵阳市,1
430600,Yueyang,岳阳市,1
430700,Changde,常德市,1
430800,Zhangjiajie,张家界市,1
430900,Yiyang,益阳市,1
431000,Chenzhou,郴州市,1
431100,Yongzhou,永州市,1
431200,Huaihua,怀化市,1
431300,Loudi,娄底市,1
440100,Guangzhou,广州市,3
440200,Shaoguan,韶关市,1
440300,Shenzhen,深圳市,2
440400,Zhuhai,珠海市,1
440500,Shantou,汕头市,1
440600,Foshan,佛山市,1
440700,Jiangmen,江门市,1
440800,Zhanjiang,湛江市,1
440900,Maoming,茂名市,1
441200,Zhaoqing,肇庆市,1
441300,Huizhou,惠州市,1
441400,Meizhou,梅州市,1
441500,Shanwei,汕尾市,1
441600,Heyuan,河源市,1
441700,Yangjiang,阳江市,1
441800,Qingyuan,清远市,1
441900,Dongguan,东莞市,1
442000,Zhongshan,中山市,1
445100,Chaozhou,潮州市,1
445200,Jieyang,揭阳市,1
445300,Yunfu,云浮市,1
450100,Nanning,南宁市,3
450200,Liuzhou,柳州市,1
450300,Guilin,桂林市,1
450400,Wuzhou,梧州市,1
450500,Beihai,北海市,1
450600,Fangchenggang,防城港市,1
450700,Qinzhou,钦州市,1
450800,Guigang,贵港市,1
450900,Yulin,玉林市,1
451000,Baise,百色市,1
451100,Hezhou,贺州市,1
451200,Hechi,河池市,1
451300,Laibin,来宾市,1
451400,Chongzuo,崇左市,1
460100,Haikou,海口市,3
460200,Sanya,三亚市,1
460400,Danzhou,儋州市,1
500100,Chongqing,重庆市,3
510100,Chengdu,成都市,3
510300,Zigong,自贡市,1
510400,Panzhihua,攀枝花市,1
510500,Luzhou,泸州市,1
510600,Deyang,德阳市,1
510700,Mianyang,绵阳市,1
510800,Guangyuan,广元市,1
510900,Suining,遂宁市,1
511000,Neijiang,内江市,1
511100,Leshan,乐山市,1
511300,Nanchong,南充市,1
511400,Meishan,眉山市,1
511500,Yibin,宜宾市,1
511600,Guang'an,广安市,1
511700,Dazhou,达州市,1
511800,Ya'an,雅安市,1
511900,Bazhong,巴中市,1
512000,Ziyang,资阳市,1
520100,Guiyang,贵阳市,3
520200,Liupanshui,六盘水市,1
520300,Zunyi,遵义市,1
520400,Anshun,安顺市,1
520500,Bijie,毕节市,1
520600,Tongren,铜仁市,1
530100,Kunming,昆明市,3
530300,Qujing,曲靖市,1
530400,Yuxi,玉溪市,1
530500,Baoshan,保山市,1
530600,Zhaotong,昭通市,1
530700,Lijiang,丽江市,1
530800,Pu'er,普洱市,1
530900,Lincang,临沧市,1
540100,Lhasa,拉萨市,3
540200,Shigatse,日喀则市,1
540300,Qamdo,昌都市,1
540400,Nyingchi,林芝市,1
540500,Shannan,山南市,1
540600,Nagqu,那曲市,1
610100,Xi'an,西安市,3
610200,Tongchuan,铜川市,1
610300,Baoji,宝鸡市,1
610400,Xianyang,咸阳市,1
610500,Weinan,渭南市,1
610600,Yan'an,延安市,1
610700,Hanzhong,汉中市,1
610800,Yulin,榆林市,1
610900,Ankang,安康市,1
611000,Shangluo,商洛市,1
620100,Lanzhou,兰州市,3
620200,Jiayuguan,嘉峪关市,1
620300,Jinchang,金昌市,1
620400,Baiyin,白银市,1
620500,Tianshui,天水市,1
620600,Wuwei,武威市,1
620700,Zhangye,张掖市,1
620800,Pingliang,平凉市,1
620900,Jiuquan,酒泉市,1
621000,Qingyang,庆阳市,1
621100,Dingxi,定西市,1
621200,Longnan,陇南市,1
630100,Xining,西宁市,3
630200,Haidong,海东市,1
640100,Yinchuan,银川市,3
640200,Shizuishan,石嘴山市,1
640300,Wuzhong,吴忠市,1
640400,Guyuan,固原市,1
640500,Zhongwei,中卫市,1
650100,Urumqi,乌鲁木齐市,3
650200,Karamay,克拉玛依市,1
650400,Turpan,吐鲁番市,1
650500,Hami,哈密市,1
"""

#: city_code,name_en,name_zh — urban districts of some large cities (basic-level courts)
DISTRICTS = """\
110100,Dongcheng,东城区
110100,Xicheng,西城区
110100,Chaoyang,朝阳区
110100,Haidian,海淀区
110100,Fengtai,丰台区
120100,Heping,和平区
120100,Hexi,河西区
120100,Nankai,南开区
120100,Binhai New Area,滨海新区
310100,Pudong New Area,浦东新区
310100,Huangpu,黄浦区
310100,Xuhui,徐汇区
310100,Minhang,闵行区
310100,Jing'an,静安区
500100,Yuzhong,渝中区
500100,Jiangbei,江北区
500100,Yubei,渝北区
500100,Jiulongpo,九龙坡区
330100,Shangcheng,上城区
330100,Gongshu,拱墅区
330100,Xihu,西湖区
330100,Binjiang,滨江区
330100,Xiaoshan,萧山区
330100,Yuhang,余杭区
330200,Haishu,海曙区
330200,Yinzhou,鄞州区
330200,Beilun,北仑区
440100,Yuexiu,越秀区
440100,Tianhe,天河区
440100,Haizhu,海珠区
440100,Baiyun,白云区
440100,Panyu,番禺区
440300,Futian,福田区
440300,Luohu,罗湖区
440300,Nanshan,南山区
440300,Bao'an,宝安区
440300,Longgang,龙岗区
510100,Jinjiang,锦江区
510100,Qingyang,青羊区
510100,Wuhou,武侯区
510100,Chenghua,成华区
320100,Xuanwu,玄武区
320100,Qinhuai,秦淮区
320100,Gulou,鼓楼区
320100,Jiangning,江宁区
320500,Gusu,姑苏区
320500,Wuzhong,吴中区
320500,Xiangcheng,相城区
320500,Wujiang,吴江区
420100,Jiang'an,江岸区
420100,Wuchang,武昌区
420100,Hongshan,洪山区
610100,Yanta,雁塔区
610100,Beilin,碑林区
610100,Weiyang,未央区
410100,Jinshui,金水区
410100,Erqi,二七区
410100,Zhongyuan,中原区
430100,Yuelu,岳麓区
430100,Tianxin,天心区
430100,Furong,芙蓉区
370100,Lixia,历下区
370100,Huaiyin,槐荫区
370200,Shinan,市南区
370200,Shibei,市北区
370200,Huangdao,黄岛区
350100,Gulou,鼓楼区
350100,Taijiang,台江区
350100,Cangshan,仓山区
350200,Siming,思明区
350200,Huli,湖里区
340100,Shushan,蜀山区
340100,Baohe,包河区
340100,Luyang,庐阳区
"""

#: GB/T 2260 province code -> resident population at the 2020 census (persons)
POPULATION_2020 = {
    "110000": 21_893_095,
    "120000": 13_866_009,
    "130000": 74_610_235,
    "140000": 34_915_616,
    "150000": 24_049_155,
    "210000": 42_591_407,
    "220000": 24_073_453,
    "230000": 31_850_088,
    "310000": 24_870_895,
    "320000": 84_748_016,
    "330000": 64_567_588,
    "340000": 61_027_171,
    "350000": 41_540_086,
    "360000": 45_188_635,
    "370000": 101_527_453,
    "410000": 99_365_519,
    "420000": 57_752_557,
    "430000": 66_444_864,
    "440000": 126_012_510,
    "450000": 50_126_804,
    "460000": 10_081_232,
    "500000": 32_054_159,
    "510000": 83_674_866,
    "520000": 38_562_148,
    "530000": 47_209_277,
    "540000": 3_648_100,
    "610000": 39_528_999,
    "620000": 25_019_831,
    "630000": 5_923_957,
    "640000": 7_202_654,
    "650000": 25_852_345,
}


def cities() -> list[tuple[str, str, str, int]]:
    """(code, name_en, name_zh, weight) for every city, in code order."""
    out = []
    for line in CITIES.splitlines():
        code, en, zh, weight = line.split(",")
        out.append((code, en, zh, int(weight)))
    return out


def districts() -> dict[str, list[tuple[str, str]]]:
    """city code -> [(name_en, name_zh)] of the districts listed for it."""
    out: dict[str, list[tuple[str, str]]] = {}
    for line in DISTRICTS.splitlines():
        code, en, zh = line.split(",")
        out.setdefault(code, []).append((en, zh))
    return out
